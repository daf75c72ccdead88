// Turns a change to schema.prisma into a new migration folder, as `prisma migrate dev --create-only`.
import { type DiffOptions, diffSchemaAgainstMigrations } from "./diff";
import { defaultMigrationsDir, writeMigration } from "./migrations-folder";

/**
 * Writes prisma/migrations/<yyyymmddHHMMSS>_<name>/migration.sql when the schema changed;
 * returns its path, or null when nothing changed.
 */
export async function createMigration(
  serverUrl: string,
  name: string,
  opts: DiffOptions = {},
): Promise<string | null> {
  const sql = await diffSchemaAgainstMigrations(serverUrl, opts);
  if (!sql) return null;
  return writeMigration(opts.migrationsDir ?? defaultMigrationsDir(), name, sql);
}
