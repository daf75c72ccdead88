import pg from "pg";

/**
 * A connection whose session runs in UTC, whatever zone the server or the database was given.
 * Prisma's pg adapter writes DateTime values as zone-less UTC text and, reading timestamptz,
 * relabels the session's offset as +00:00 (prisma/orm#26786): both are right only in a UTC
 * session. A SET (not a startup option) also passes through PgBouncer, which tracks TimeZone
 * for each client; it runs before the pool hands the connection out.
 */
type ConnectCallback = ((err: Error) => void) | ((err: null, client: pg.Client) => void);

class UtcClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.Client> | undefined {
    const connected = super.connect().then(async () => {
      await this.query("SET TIME ZONE 'UTC'");
      return this;
    });
    if (!callback) return connected;
    const done = callback as (err: Error | null, client?: pg.Client) => void;
    connected.then(
      (client) => done(null, client),
      (error: Error) => done(error),
    );
    return undefined;
  }
}

/**
 * Bounds on waiting for the database, so that while it is down or hangs a caller gets an
 * error it can answer 503 with, never an endless wait: 5 s for a connection (from the pool or
 * a new one), 15 s for a statement's answer (a hung server never cancels one itself), 30 s for
 * a statement on the server, 60 s idle inside a transaction.
 */
export const POOL_TIMEOUTS = {
  connectionTimeoutMillis: 5_000,
  query_timeout: 15_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 60_000,
};

/** A node-postgres pool whose sessions run in UTC, with POOL_TIMEOUTS. */
export function createUtcPool(connectionString: string, max = 10): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    Client: UtcClient,
    keepAlive: true,
    ...POOL_TIMEOUTS,
  });
}

/**
 * Resolves once every connection the pool has now is closed, or after `timeoutMs`. Call it
 * before pool.end(): end() resolves when it has asked the connections to close, not when they
 * have, and a database stopped in that gap sends each one its shutdown notice as an error.
 */
export function connectionsClosed(pool: pg.Pool, timeoutMs = 2_000): Promise<void> {
  let open = pool.totalCount;
  if (open === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    pool.on("remove", () => {
      if (--open > 0) return;
      clearTimeout(timer);
      resolve();
    });
  });
}
