// bench:runner's idle cost: what a started runner with nothing to do sends to PostgreSQL.
// pg_stat_statements is not available here, so statements are counted as the database's
// transactions (pg_stat_database xact_commit + xact_rollback): every statement outside a
// transaction is a transaction of its own, and a transaction of several statements counts once.
import pg from "pg";
import { withDatabase } from "../../tests/support/test-database";

export const IDLE_WINDOW_MS = 10_000;
/**
 * Before counting: a backend reports what it did at most once a second while busy, and one
 * that went idle soon after a report waits 10 s to report again (PostgreSQL's stats flush);
 * past that, the runner's start-up (every worker's first claims) is out of the window.
 */
const SETTLE_MS = 11_000;

/**
 * Transactions per second in `databaseUrl`'s database while `start`'s runner idles, on
 * connections of its own: nothing else may use the database meanwhile. Read from the server's
 * `postgres` database, so the bench's own reads are not in the count. Both ends of the window
 * are read the same way, so reports that come late shift the window rather than inflate it.
 */
export async function idleStatementsPerSecond(
  databaseUrl: string,
  start: () => Promise<{ stop(): Promise<void> }>,
): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const reader = new pg.Client({ connectionString: withDatabase(databaseUrl, "postgres") });
  await reader.connect();
  const transactions = async () => {
    const { rows } = await reader.query<{ n: string }>(
      "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1",
      [name],
    );
    return Number(rows[0]?.n ?? 0);
  };
  const runner = await start();
  try {
    await sleep(SETTLE_MS);
    const before = await transactions();
    await sleep(IDLE_WINDOW_MS);
    const after = await transactions();
    return (after - before) / (IDLE_WINDOW_MS / 1000);
  } finally {
    await runner.stop();
    await reader.end();
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
