// What bench:idle reads off a running server: its process's resident memory and the
// transactions its database has finished.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

/** VmRSS of one process (Linux /proc), in MiB: that process only, not its children. */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib) / 1024;
}

/**
 * The URL the app uses for its embedded database (src/lib/db/embedded.ts): user postgres, the
 * password kept beside the cluster, the port the running server wrote to postmaster.pid.
 */
export function embeddedDatabaseUrl(dataDir: string, database = "switchyard"): string {
  const clusterDir = join(dataDir, "postgres");
  const pidFile = join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) throw new Error(`no embedded PostgreSQL runs in ${clusterDir}`);
  const port = readFileSync(pidFile, "utf8").split("\n")[3]?.trim(); // line 4: the port
  const { password } = JSON.parse(readFileSync(join(dataDir, "embedded-postgres.json"), "utf8"));
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Committed plus rolled-back transactions of the database in `url`, read from the server's
 * `postgres` database so that reading them adds none.
 */
export async function finishedTransactions(url: string): Promise<number> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1",
      [database],
    );
    if (!rows[0]) throw new Error(`no database ${database}`);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}
