import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { createUtcPool } from "./pool";

export type Db = InstanceType<typeof PrismaClient>;

/** A Prisma client over node-postgres in UTC sessions: no Rust engine, nothing to download. */
export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  return createDbOnPool(connectionString, opts).db;
}

/** createDb, with the pool under the client (its use is a metric). */
export function createDbOnPool(
  connectionString: string,
  opts: { max?: number } = {},
): { db: Db; pool: pg.Pool } {
  const pool = createUtcPool(connectionString, opts.max ?? 10);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { db, pool };
}
