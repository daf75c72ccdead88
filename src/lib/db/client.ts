import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { createUtcPool } from "./pool";

export type Db = InstanceType<typeof PrismaClient>;

/** A Prisma client over node-postgres in UTC sessions: no Rust engine, nothing to download. */
export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  const pool = createUtcPool(connectionString, opts.max ?? 10);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
