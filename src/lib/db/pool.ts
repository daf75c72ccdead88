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

/** A node-postgres pool whose sessions run in UTC. */
export function createUtcPool(connectionString: string, max = 10): pg.Pool {
  return new pg.Pool({ connectionString, max, Client: UtcClient });
}
