import pg from "pg";

/**
 * A node-postgres pool whose sessions run in UTC, whatever zone the server or the database
 * was given. Prisma's pg adapter writes DateTime values as zone-less UTC text and, reading
 * timestamptz, relabels the session's offset as +00:00 (prisma/orm#26786): both are right only
 * in a UTC session. A SET (not a startup option) also passes through PgBouncer, which tracks
 * TimeZone for each client.
 */
export function createUtcPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("connect", (client) => {
    // Queued before any query the pool hands the new client to.
    client.query("SET TIME ZONE 'UTC'").catch(() => {});
  });
  return pool;
}
