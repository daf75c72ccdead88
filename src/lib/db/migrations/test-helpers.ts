// For the migration tool's integration tests: scratch databases and copies of prisma/.
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { withDatabase } from "./database-url";
import { quoteIdent, SHADOW_PREFIX, withClient } from "./shadow-database";

/** A server URL with CREATE DATABASE rights, from the integration tests' global setup. */
export function testServerUrl(): string {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error("TEST_SERVER_URL is not set (run with `vitest --project int`)");
  return url;
}

export type ScratchDatabase = { name: string; url: string; drop(): Promise<void> };

/** An empty database of the test's own on the test server. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const server = testServerUrl();
  const name = `switchyard_migtest_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return {
    name,
    url: withDatabase(server, name),
    drop: async () => {
      await withClient(server, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      );
    },
  };
}

/** Rows of one query against `url`. */
export async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(sql)).rows);
}

/** Names of the tables in `url`'s public schema, sorted. */
export async function tableNames(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  return rows.map((row) => row.name);
}

/** Shadow databases currently on the test server. */
export async function shadowDatabases(): Promise<string[]> {
  const rows = await query<{ datname: string }>(
    testServerUrl(),
    `SELECT datname FROM pg_database WHERE starts_with(datname, '${SHADOW_PREFIX}')`,
  );
  return rows.map((row) => row.datname);
}

/** Waits until no shadow database beyond `before` exists (other runs' ones live ~1 s). */
export async function expectNoNewShadows(before: string[], timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const extra = (await shadowDatabases()).filter((name) => !before.includes(name));
    if (extra.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Shadow databases left behind: ${extra.join(", ")}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

export type PrismaCopy = { dir: string; schemaPath: string; migrationsDir: string };

/** A temporary copy of prisma/schema.prisma and prisma/migrations that tests may change. */
export async function copyPrismaFolder(): Promise<PrismaCopy & { remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-migrations-"));
  const schemaPath = join(dir, "schema.prisma");
  const migrationsDir = join(dir, "migrations");
  await cp(resolve("prisma/schema.prisma"), schemaPath);
  await cp(resolve("prisma/migrations"), migrationsDir, { recursive: true });
  return {
    dir,
    schemaPath,
    migrationsDir,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Adds a hand-written migration folder to a copy. */
export async function addMigration(migrationsDir: string, folder: string, sql: string) {
  await mkdir(join(migrationsDir, folder), { recursive: true });
  await writeFile(join(migrationsDir, folder, "migration.sql"), sql);
}

/** Inserts `line` after the first line of `model <name> {` in a schema copy. */
export async function addFieldToModel(schemaPath: string, model: string, line: string) {
  const schema = await readFile(schemaPath, "utf8");
  const opening = `model ${model} {\n`;
  if (!schema.includes(opening)) throw new Error(`No model ${model} in ${schemaPath}`);
  await writeFile(schemaPath, schema.replace(opening, `${opening}  ${line}\n`));
}
