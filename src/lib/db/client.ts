import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";

export type Db = InstanceType<typeof PrismaClient>;

/** A Prisma client over node-postgres: no Rust engine, nothing to download. */
export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: opts.max ?? 10 }) });
}
