import { Prisma } from "@/generated/prisma/client";

/**
 * A duration in milliseconds as a SQL interval, to add to the database's now(): times the
 * database compares are computed on its own clock, never on this process's. Null stays null.
 */
export function millisecondsInterval(ms: number | null): Prisma.Sql {
  return Prisma.sql`(${ms}::float8 * interval '1 millisecond')`;
}
