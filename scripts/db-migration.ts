// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// for the change to prisma/schema.prisma. Uses a throwaway shadow database on the server of
// DATABASE_URL (or the embedded PostgreSQL when it is unset); never changes the database itself.
import { relative } from "node:path";
import { startDatabase } from "../src/lib/db/database";
import { createMigration } from "../src/lib/db/migrations";

async function main(name: string | undefined): Promise<number> {
  if (!name || name.startsWith("-")) {
    console.error("Usage: npm run db:migration -- <name>   (e.g. add_endpoint_labels)");
    return 2;
  }
  const database = await startDatabase({ log: (line) => console.log(line) });
  try {
    const file = await createMigration(database.url, name);
    console.log(
      file
        ? `Created ${relative(process.cwd(), file)}\nReview it, then run \`npm run db:migrate\`.`
        : "schema.prisma and migrations are in sync: nothing to do.",
    );
    return 0;
  } finally {
    await database.stop();
  }
}

// Exit explicitly: nothing left running should decide when a CLI ends.
main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
