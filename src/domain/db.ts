import type pg from "pg";
import { createDbOnPool, type Db } from "@/lib/db/client";
import { connectionsClosed, createUtcPool } from "@/lib/db/pool";
import { log } from "@/lib/log";

// One client per process. Created on first use, because the start-up sequence decides the
// database (DATABASE_URL or the embedded server) before anything queries it.
const holder = globalThis as unknown as {
  switchyardDb?: Db;
  switchyardDbPool?: pg.Pool;
  switchyardPool?: pg.Pool;
};

function current(): Db {
  if (!holder.switchyardDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the database was not started");
    const { db, pool } = createDbOnPool(url);
    [holder.switchyardDb, holder.switchyardDbPool] = [db, pool];
  }
  return holder.switchyardDb;
}

/** The domain's database client. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = current();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** A plain pg pool for the few hot statements where Prisma's overhead shows (ingest). */
export function sqlPool(): pg.Pool {
  if (!holder.switchyardPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the database was not started");
    holder.switchyardPool = createUtcPool(url, 10);
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    holder.switchyardPool.on("error", (error) =>
      log.warn(`Database connection lost: ${error.message}`),
    );
  }
  return holder.switchyardPool;
}

/** The pools this thread has opened so far, by name (none is opened to be measured). */
export function openPools(): { name: string; pool: pg.Pool }[] {
  const named = { prisma: holder.switchyardDbPool, sql: holder.switchyardPool };
  return Object.entries(named).flatMap(([name, pool]) => (pool ? [{ name, pool }] : []));
}

/**
 * Runs `work` in one transaction on one pooled plain-pg connection: committed when it
 * returns, rolled back when it throws (the error goes on).
 */
export async function inSqlTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function disconnectDb(): Promise<void> {
  const pools = [holder.switchyardDbPool, holder.switchyardPool].flatMap((p) => (p ? [p] : []));
  const closed = Promise.all(pools.map((pool) => connectionsClosed(pool)));
  await holder.switchyardDb?.$disconnect(); // ends its pool (disposeExternalPool)
  await holder.switchyardPool?.end();
  await closed;
  holder.switchyardDb = undefined;
  holder.switchyardDbPool = undefined;
  holder.switchyardPool = undefined;
}
