// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (or the embedded
// PostgreSQL under .data/ when it is unset) and says what it applied.
import { startDatabase } from "../src/lib/db/database";
import { applyMigrations, diagnoseMigrations } from "../src/lib/db/migrations";

async function main(): Promise<void> {
  const database = await startDatabase({ log: (line) => console.log(line) });
  try {
    const { applied } = await applyMigrations(database.url, { log: (line) => console.log(line) });
    console.log(
      applied.length === 0
        ? "No pending migrations: the database is up to date."
        : `Applied ${applied.length} migration(s); the database is up to date.`,
    );
    // The engine applies around edited or unknown migrations silently; say so here.
    const diagnosis = await diagnoseMigrations(database.url);
    for (const name of diagnosis.edited) {
      console.warn(`Warning: ${name} was edited after it was applied (checksum differs).`);
    }
    for (const name of diagnosis.missingFromFolder) {
      console.warn(
        `Warning: ${name} is applied to the database but missing from prisma/migrations.`,
      );
    }
  } finally {
    await database.stop();
  }
}

// Exit explicitly: nothing left running should decide when a CLI ends.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
