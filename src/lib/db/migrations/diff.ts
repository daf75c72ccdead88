// What schema.prisma has that the migrations don't, computed in a throwaway shadow database.
import { resolve } from "node:path";
import { NO_FILTERS, readSchemaFiles, withEngine } from "./engine-session";
import { defaultMigrationsDir, defaultSchemaPath, readMigrations } from "./migrations-folder";
import { sweepShadowDatabases } from "./shadow-database";

export type DiffOptions = { schemaPath?: string; migrationsDir?: string };

/** The engine's answer when there is nothing to do. */
const EMPTY_MIGRATION = /^\s*-- This is an empty migration\.\s*$/;

/**
 * Diff migrations folder -> schema.prisma using a throwaway shadow database on the server of
 * `serverUrl`. Returns SQL ('' when in sync). Never touches the database named in serverUrl
 * except to CREATE/DROP the shadow database.
 */
export async function diffSchemaAgainstMigrations(
  serverUrl: string,
  opts: DiffOptions = {},
): Promise<string> {
  const schemaFiles = await readSchemaFiles(resolve(opts.schemaPath ?? defaultSchemaPath()));
  const migrations = await readMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  await sweepShadowDatabases(serverUrl).catch(() => []);
  // No liveUrl: the session refuses any connection but the shadow database's.
  const result = await withEngine({ shadowServerUrl: serverUrl, schemaFiles }, (run) =>
    run("diff", (engine) =>
      engine.diff({
        from: { tag: "migrations", ...migrations },
        to: {
          tag: "schemaDatamodel",
          files: schemaFiles.map(([path, content]) => ({ path, content })),
        },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      }),
    ),
  );
  const sql = result.stdout ?? "";
  return result.exitCode === 0 || EMPTY_MIGRATION.test(sql) ? "" : sql;
}
