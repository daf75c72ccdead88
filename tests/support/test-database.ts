import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrations";
import { openTempDir } from "./temp-dir";

export interface TestDatabase {
  /** A fresh, migrated database of this run's own. */
  url: string;
  /** The same server's `postgres` database, for tests that create databases themselves. */
  serverUrl: string;
  drop(): Promise<void>;
}

/**
 * A database no other run shares: a new database on the server in DATABASE_URL, or, when
 * none is set, on an embedded PostgreSQL started in a temporary directory.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const configured = process.env.DATABASE_URL;
  const server = configured
    ? { url: configured, stop: async () => {} }
    : await startTemporaryServer();
  const serverUrl = withDatabase(server.url, "postgres");
  const name = `switchyard_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  // Users run this outside UTC: TEST_DATABASE_TIMEZONE gives the database a zone of its own.
  const zone = process.env.TEST_DATABASE_TIMEZONE;
  if (zone) await adminQuery(serverUrl, `ALTER DATABASE "${name}" SET timezone TO '${zone}'`);
  const url = withDatabase(server.url, name);
  await applyMigrations(url);
  return {
    url,
    serverUrl,
    async drop() {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server.stop();
    },
  };
}

async function startTemporaryServer() {
  const dir = openTempDir("switchyard-test-");
  const embedded = await startEmbeddedPostgres({
    dataDir: join(dir, "postgres"),
    database: "postgres",
  });
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
