// Test support for tests/faults: the app in a child process on a database of its own, called
// over real HTTP with the admin key, and read back straight from PostgreSQL.
import pg from "pg";
import { openTempDir } from "./temp-dir";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const FAULTS_ADMIN_KEY = "faults-test-admin-key";

export interface FaultSetup {
  database: TestDatabase;
  dataDir: string;
  /** The app's environment: the same for every start, so a restart finds its data again. */
  env: NodeJS.ProcessEnv;
}

/** A fresh database, a data directory and the environment to start the app with on them. */
export async function faultSetup(settings: Record<string, string> = {}): Promise<FaultSetup> {
  const database = await createTestDatabase();
  const dataDir = openTempDir("switchyard-faults-");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    ADMIN_API_KEY: FAULTS_ADMIN_KEY,
    SWITCHYARD_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...settings,
  };
  // The embedded runner, whatever the shell running the tests has set.
  for (const name of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_DEV"]) delete env[name];
  return { database, dataDir, env };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON, checked by the assertions.
export type Json = any;

/** One admin call to `${baseUrl}/api/v1${path}`; throws unless it answers `expected`. */
export async function adminCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: object,
  expected = method === "POST" ? [200, 201, 202] : [200],
): Promise<Json> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${FAULTS_ADMIN_KEY}`,
      ...(body && { "content-type": "application/json" }),
    },
    body: body && JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!expected.includes(response.status))
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** One query on `url` with a connection of its own. */
export async function query<Row extends object>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
