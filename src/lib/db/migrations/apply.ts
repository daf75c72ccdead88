// Brings a database up to date with prisma/migrations, writing the rows `prisma migrate deploy` writes.
import type pg from "pg";
import { withMigrationLock } from "./advisory-lock";
import { NO_FILTERS, withEngine } from "./engine-session";
import { MigrationEngineError } from "./migration-engine-error";
import { defaultMigrationsDir, readMigrations } from "./migrations-folder";

export type ApplyOptions = { migrationsDir?: string; log?: (line: string) => void };

/** Applies pending migrations from prisma/migrations to the database; returns the names applied. Idempotent. */
export async function applyMigrations(
  databaseUrl: string,
  opts: ApplyOptions = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const migrationsList = await readMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  return withMigrationLock(databaseUrl, log, async (client) => {
    const failedBefore = await unfinishedMigrations(client);
    // Say which migration is running (a long one should not look like a hang), and any warning.
    const engineLog = (message: string, level: string) => {
      if (level !== "INFO" || message.startsWith("Applying")) log(message);
    };
    return withEngine({ liveUrl: databaseUrl, log: engineLog }, async (run) => {
      try {
        const { appliedMigrationNames } = await run("applying migrations", (engine) =>
          engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
        );
        for (const name of appliedMigrationNames) log(`Applied ${name}`);
        return { applied: appliedMigrationNames };
      } catch (error) {
        const failedNow = (await unfinishedMigrations(client)).filter(
          (name) => !failedBefore.includes(name),
        );
        if (failedNow.length === 0 || !(error instanceof MigrationEngineError) || error.panic) {
          throw error;
        }
        // Each script ran as one implicit transaction, so nothing of it stayed: record that, so
        // the fixed migration is retried next time instead of blocking every later deploy.
        for (const name of failedNow) {
          await run("marking a failed migration rolled back", (engine) =>
            engine.markMigrationRolledBack({ migrationName: name }),
          );
        }
        throw new MigrationEngineError(
          `Migration ${failedNow.join(", ")} failed and was rolled back (none of its statements remain). ` +
            `Fix its migration.sql and apply again.\n${error.message}`,
          { code: error.code, cause: error },
        );
      }
    });
  });
}

/** Migrations started but neither finished nor rolled back: what a failed run leaves. */
async function unfinishedMigrations(client: pg.Client): Promise<string[]> {
  const exists = await client.query<{ found: boolean }>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found",
  );
  if (!exists.rows[0]?.found) return [];
  const failed = await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL",
  );
  return failed.rows.map((row) => row.migration_name);
}
