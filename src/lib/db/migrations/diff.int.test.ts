import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, createMigration, diffSchemaAgainstMigrations } from "./index";
import { LOCKFILE_CONTENT } from "./migrations-folder";
import {
  dropShadowDatabase,
  newShadowName,
  quoteIdent,
  SHADOW_PREFIX,
  sweepShadowDatabases,
  withClient,
} from "./shadow-database";
import {
  addFieldToModel,
  addMigration,
  copyPrismaFolder,
  createScratchDatabase,
  expectNoNewShadows,
  type PrismaCopy,
  query,
  shadowDatabases,
  tableNames,
  testServerUrl,
} from "./test-helpers";

let prisma: PrismaCopy & { remove(): Promise<void> };
let shadowsBefore: string[];

beforeAll(async () => {
  prisma = await copyPrismaFolder();
  shadowsBefore = await shadowDatabases();
});
afterAll(() => prisma.remove());

describe("diffSchemaAgainstMigrations", () => {
  it("is empty for a schema its migrations produce", async () => {
    expect(await diffSchemaAgainstMigrations(testServerUrl(), prisma)).toBe("");
  });

  it("sees a field added to schema.prisma, and createMigration writes what closes the gap", async () => {
    const copy = await copyPrismaFolder();
    try {
      await addFieldToModel(copy.schemaPath, "Endpoint", 'label String @default("")');
      const diff = await diffSchemaAgainstMigrations(testServerUrl(), copy);
      expect(diff).toMatch(/ALTER TABLE "Endpoint" ADD COLUMN\s+"label" TEXT NOT NULL DEFAULT ''/);

      const file = await createMigration(testServerUrl(), "Add endpoint label", copy);
      expect(file).not.toBeNull();
      expect(basename(dirname(file ?? ""))).toMatch(/^\d{14}_add_endpoint_label$/);
      expect(await readFile(file ?? "", "utf8")).toBe(diff);
      expect(await readFile(join(copy.migrationsDir, "migration_lock.toml"), "utf8")).toBe(
        LOCKFILE_CONTENT,
      );
      expect(await diffSchemaAgainstMigrations(testServerUrl(), copy)).toBe("");
      expect(await createMigration(testServerUrl(), "nothing", copy)).toBeNull();
    } finally {
      await copy.remove();
    }
  });

  it("writes the first migration and the lockfile into an empty folder", async () => {
    const copy = await copyPrismaFolder();
    try {
      const migrationsDir = join(copy.dir, "fresh");
      const file = await createMigration(testServerUrl(), "init", { ...copy, migrationsDir });
      expect(file).toMatch(/\/fresh\/\d{14}_init\/migration\.sql$/);
      expect(existsSync(join(migrationsDir, "migration_lock.toml"))).toBe(true);
    } finally {
      await copy.remove();
    }
  });

  it('replays hand-written SQL with CHECK constraints (pg_catalog\'s "char" columns)', async () => {
    const copy = await copyPrismaFolder();
    try {
      await addMigration(
        copy.migrationsDir,
        "29990101000000_checks",
        `ALTER TABLE "Endpoint" ADD CONSTRAINT "timeout_positive" CHECK ("timeoutMs" > 0);\n`,
      );
      expect(await diffSchemaAgainstMigrations(testServerUrl(), copy)).toBe("");
    } finally {
      await copy.remove();
    }
  });

  it("never touches the database it is given: data, tables and history stay as they were", async () => {
    const live = await createScratchDatabase();
    try {
      await applyMigrations(live.url, { migrationsDir: prisma.migrationsDir });
      await query(
        live.url,
        `INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt") VALUES ('ten_1', 'acme', 'Acme', now())`,
      );
      const tables = await tableNames(live.url);
      const history = await query(live.url, "SELECT * FROM _prisma_migrations ORDER BY id");

      const copy = await copyPrismaFolder();
      try {
        await addFieldToModel(copy.schemaPath, "Tenant", "plan String?");
        expect(await diffSchemaAgainstMigrations(live.url, copy)).toMatch(/ADD COLUMN\s+"plan"/);
      } finally {
        await copy.remove();
      }

      expect(await query(live.url, `SELECT "id", "slug" FROM "Tenant"`)).toEqual([
        { id: "ten_1", slug: "acme" },
      ]);
      expect(await tableNames(live.url)).toEqual(tables);
      expect(await query(live.url, "SELECT * FROM _prisma_migrations ORDER BY id")).toEqual(
        history,
      );
    } finally {
      await live.drop();
    }
  });

  it("leaves no shadow database behind", async () => {
    await expectNoNewShadows(shadowsBefore);
  });

  it("sweeps shadow databases a crashed run left behind, and only old ones", async () => {
    const server = testServerUrl();
    const old = `${SHADOW_PREFIX}${Math.floor(Date.now() / 1000) - 3600}_0123abcd`;
    const recent = newShadowName();
    await withClient(server, async (client) => {
      await client.query(`CREATE DATABASE ${quoteIdent(old)}`);
      await client.query(`CREATE DATABASE ${quoteIdent(recent)}`);
    });
    try {
      expect(await sweepShadowDatabases(server)).toContain(old);
      const left = await shadowDatabases();
      expect(left).not.toContain(old);
      expect(left).toContain(recent);
    } finally {
      await dropShadowDatabase(server, old);
      await dropShadowDatabase(server, recent);
    }
  });
});
