// How a live database's migration history and schema differ from prisma/migrations; reads only.
import { MINIMAL_SCHEMA, NO_FILTERS, withEngine } from "./engine-session";
import { defaultMigrationsDir, readMigrations } from "./migrations-folder";
import { sweepShadowDatabases } from "./shadow-database";

export type MigrationDiagnosis = {
  /** False on a database never migrated. */
  hasMigrationsTable: boolean;
  /** In the folder, not yet applied to the database. */
  unapplied: string[];
  /** Applied to the database, missing from the folder (deleted, renamed, or from another branch). */
  missingFromFolder: string[];
  /** Applied, then changed on disk: the checksum in `_prisma_migrations` no longer matches. */
  edited: string[];
  /** Started and never finished nor rolled back. */
  failed: string[];
  /** SQL that would take the migrations' schema to the live one ('' = no drift); with `drift: true`. */
  drift?: string;
};

export type DiagnoseOptions = {
  migrationsDir?: string;
  /** Also compare the live schema with the migrations; creates a shadow database on that server. */
  drift?: boolean;
};

/** Differences between the live database and the migrations, for diagnosis. Never writes to it. */
export async function diagnoseMigrations(
  databaseUrl: string,
  opts: DiagnoseOptions = {},
): Promise<MigrationDiagnosis> {
  const migrationsList = await readMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  if (opts.drift) await sweepShadowDatabases(databaseUrl).catch(() => []);
  return withEngine(
    {
      liveUrl: databaseUrl,
      liveReadOnly: true,
      shadowServerUrl: opts.drift ? databaseUrl : undefined,
    },
    async (run) => {
      const history = await run("diagnosing migration history", (engine) =>
        engine.diagnoseMigrationHistory({
          migrationsList,
          optInToShadowDatabase: false,
          filters: NO_FILTERS,
        }),
      );
      const diagnostic = history.history;
      const diagnosis: MigrationDiagnosis = {
        hasMigrationsTable: history.hasMigrationsTable,
        unapplied:
          diagnostic && "unappliedMigrationNames" in diagnostic
            ? diagnostic.unappliedMigrationNames
            : [],
        missingFromFolder:
          diagnostic && "unpersistedMigrationNames" in diagnostic
            ? diagnostic.unpersistedMigrationNames
            : [],
        edited: history.editedMigrationNames,
        failed: history.failedMigrationNames,
      };
      if (!opts.drift) return diagnosis;
      const result = await run("comparing the live schema with the migrations", (engine) =>
        engine.diff({
          from: { tag: "migrations", ...migrationsList },
          // The live database, reached through the session's (read-only) connection.
          to: {
            tag: "schemaDatasource",
            files: MINIMAL_SCHEMA.map(([path, content]) => ({ path, content })),
            configDir: migrationsList.baseDir,
          },
          script: true,
          exitCode: true,
          filters: NO_FILTERS,
        }),
      );
      return { ...diagnosis, drift: result.exitCode === 0 ? "" : (result.stdout ?? "") };
    },
  );
}
