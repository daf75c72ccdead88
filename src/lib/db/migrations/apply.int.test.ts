import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, diagnoseMigrations, MigrationEngineError } from "./index";
import { migrationChecksum } from "./migrations-folder";
import {
  addMigration,
  copyPrismaFolder,
  createScratchDatabase,
  type PrismaCopy,
  query,
  type ScratchDatabase,
  tableNames,
} from "./test-helpers";

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

const migrationRows = (url: string) =>
  query<MigrationRow>(url, "SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

let prisma: PrismaCopy & { remove(): Promise<void> };
let folders: string[];
const scratch: ScratchDatabase[] = [];
async function emptyDatabase(): Promise<ScratchDatabase> {
  const database = await createScratchDatabase();
  scratch.push(database);
  return database;
}

beforeAll(async () => {
  prisma = await copyPrismaFolder();
  folders = (await readdir(prisma.migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
});
afterAll(async () => {
  await Promise.all(scratch.map((database) => database.drop()));
  await prisma.remove();
});

describe("applyMigrations", () => {
  it("creates every table on an empty database, then does nothing the second time", async () => {
    const { url } = await emptyDatabase();
    const first = await applyMigrations(url, { migrationsDir: prisma.migrationsDir });
    expect(first.applied).toEqual(folders);
    expect(await tableNames(url)).toEqual(
      expect.arrayContaining(["Tenant", "Source", "Event", "Delivery", "_prisma_migrations"]),
    );
    const second = await applyMigrations(url, { migrationsDir: prisma.migrationsDir });
    expect(second.applied).toEqual([]);
  });

  it("writes the rows `prisma migrate deploy` writes: sha256 checksum, finished_at", async () => {
    const { url } = await emptyDatabase();
    await applyMigrations(url, { migrationsDir: prisma.migrationsDir });
    const rows = await migrationRows(url);
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      const sql = await readFile(join(prisma.migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(migrationChecksum(sql.toString("utf8")));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("applies a migration with a DO $$ ... ; ... $$ block and a CHECK constraint whole", async () => {
    const copy = await copyPrismaFolder();
    try {
      await addMigration(
        copy.migrationsDir,
        "29990101000000_do_block",
        `CREATE TABLE "Note" ("id" TEXT PRIMARY KEY, "size" INTEGER CHECK ("size" >= 0));
DO $$
BEGIN
  INSERT INTO "Note" ("id", "size") VALUES ('a;b', 1);
  IF NOT EXISTS (SELECT 1 FROM "Note") THEN RAISE EXCEPTION 'missing; row'; END IF;
END
$$;
`,
      );
      const { url } = await emptyDatabase();
      const { applied } = await applyMigrations(url, { migrationsDir: copy.migrationsDir });
      expect(applied.at(-1)).toBe("29990101000000_do_block");
      expect(await query(url, `SELECT "id" FROM "Note"`)).toEqual([{ id: "a;b" }]);
    } finally {
      await copy.remove();
    }
  });

  it("rolls a failing migration back whole, and retries it once fixed", async () => {
    const copy = await copyPrismaFolder();
    try {
      const broken = `CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);
INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt") VALUES ('t1', 't1', 'T', now());
SELECT 1 / 0;
`;
      await addMigration(copy.migrationsDir, "29990101000000_broken", broken);
      const { url } = await emptyDatabase();
      const failure = await applyMigrations(url, { migrationsDir: copy.migrationsDir }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MigrationEngineError);
      expect(String((failure as Error).message)).toMatch(/29990101000000_broken.*rolled back/);
      expect(String((failure as Error).message)).toMatch(/division by zero/);
      expect(await tableNames(url)).not.toContain("Half");
      expect(await query(url, `SELECT "id" FROM "Tenant"`)).toEqual([]);
      const rows = await migrationRows(url);
      expect(rows.find((row) => row.migration_name === "29990101000000_broken")).toMatchObject({
        finished_at: null,
        rolled_back_at: expect.any(Date),
      });

      await writeFile(
        join(copy.migrationsDir, "29990101000000_broken", "migration.sql"),
        broken.replace("SELECT 1 / 0;\n", ""),
      );
      const retried = await applyMigrations(url, { migrationsDir: copy.migrationsDir });
      expect(retried.applied).toEqual(["29990101000000_broken"]);
      expect(await tableNames(url)).toContain("Half");
    } finally {
      await copy.remove();
    }
  });

  it("applies once when two runs start at the same time", async () => {
    const { url } = await emptyDatabase();
    const logs: string[] = [];
    const runs = await Promise.all([
      applyMigrations(url, { migrationsDir: prisma.migrationsDir, log: (l) => logs.push(l) }),
      applyMigrations(url, { migrationsDir: prisma.migrationsDir, log: (l) => logs.push(l) }),
    ]);
    const applied = runs.map((run) => run.applied).sort((a, b) => b.length - a.length);
    expect(applied).toEqual([folders, []]);
    expect((await migrationRows(url)).length).toBe(folders.length);
  });
});

describe("diagnoseMigrations", () => {
  it("reports unapplied, edited and unknown migrations without changing anything", async () => {
    const copy = await copyPrismaFolder();
    try {
      const { url } = await emptyDatabase();
      const fresh = await diagnoseMigrations(url, { migrationsDir: copy.migrationsDir });
      expect(fresh).toMatchObject({ hasMigrationsTable: false, unapplied: folders });
      expect(await tableNames(url)).toEqual([]);

      await addMigration(copy.migrationsDir, "29990101000000_extra", `CREATE TABLE "Extra" ();\n`);
      await applyMigrations(url, { migrationsDir: copy.migrationsDir });
      const first = folders[0] ?? "";
      const file = join(copy.migrationsDir, first, "migration.sql");
      await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
      const drifted = await diagnoseMigrations(url, { migrationsDir: prisma.migrationsDir });
      expect(drifted.missingFromFolder).toEqual(["29990101000000_extra"]);
      const edited = await diagnoseMigrations(url, {
        migrationsDir: copy.migrationsDir,
        drift: true,
      });
      expect(edited).toMatchObject({ edited: [first], unapplied: [], failed: [], drift: "" });
    } finally {
      await copy.remove();
    }
  });
});
