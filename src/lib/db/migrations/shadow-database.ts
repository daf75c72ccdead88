// Throwaway databases the engine replays migrations into, so a diff never writes to a real one.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase } from "./database-url";

export const SHADOW_PREFIX = "switchyard_shadow_";
const SWEEP_AFTER_MS = 10 * 60_000;

/** Quotes an identifier for SQL (names here are generated, but never trust string building). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs `work` on a short-lived client of `url`'s server. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a server-side disconnect surfaces as the query's error instead
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Names carry their creation time (seconds) so a later run can tell leftovers from live ones. */
export function newShadowName(now = Date.now()): string {
  return `${SHADOW_PREFIX}${Math.floor(now / 1000)}_${randomBytes(4).toString("hex")}`;
}

export type ShadowDatabase = { name: string; url: string };

/** Creates an empty shadow database on the server of `serverUrl`. */
export async function createShadowDatabase(serverUrl: string): Promise<ShadowDatabase> {
  const name = newShadowName();
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return { name, url: withDatabase(serverUrl, name) };
}

/** Drops a shadow database, disconnecting anyone still in it. Refuses any other name. */
export async function dropShadowDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.startsWith(SHADOW_PREFIX)) throw new Error(`Refusing to drop "${name}"`);
  await withClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

/** Drops shadow databases left by crashed runs (older than ten minutes); best effort. */
export async function sweepShadowDatabases(serverUrl: string, now = Date.now()): Promise<string[]> {
  const swept: string[] = [];
  await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [SHADOW_PREFIX],
    );
    for (const { datname } of rows) {
      const createdSeconds = Number(datname.slice(SHADOW_PREFIX.length).split("_")[0]);
      if (!Number.isFinite(createdSeconds) || now - createdSeconds * 1000 < SWEEP_AFTER_MS)
        continue;
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
        swept.push(datname);
      } catch {
        // Someone else's, or already gone: not ours to insist on.
      }
    }
  });
  return swept;
}
