// Serialises migration runs against one database across processes.
import pg from "pg";

// Any constant works if everyone uses it; distinct from Prisma Migrate's own (72707369), which
// the engine takes inside applyMigrations on another connection and would deadlock against ours.
const MIGRATE_LOCK_KEY = 7_926_378_412;

/** Holds a session-level advisory lock on `url`'s database while `work` runs. */
export async function withMigrationLock<T>(
  url: string,
  log: (line: string) => void,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // surfaces through the pending query instead
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1) AS locked",
      [MIGRATE_LOCK_KEY],
    );
    if (!rows[0]?.locked) {
      log("Another process is migrating this database; waiting for it to finish");
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
    }
    return await work(client);
  } finally {
    // Closing the session releases the lock even if the unlock itself fails.
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}
