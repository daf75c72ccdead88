import type { Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { requireEveryTenant } from "./queries";

/** The embedded runner's backlog: runs due now and not leased, and how long the oldest waited. */
export interface RunQueue {
  due: number;
  oldestDueSeconds: number;
}

/**
 * Due as the claim sees it (src/runner/claim.ts): active, `nextAt` passed, no live lease.
 * One range scan per status on the (status, nextAt) index.
 */
export async function runQueue(scope: Scope): Promise<RunQueue> {
  requireEveryTenant(scope);
  const [row] = await db.$queryRaw<{ due: number; oldest: number | null }[]>`
    SELECT count(*)::int AS due, extract(epoch FROM now() - min("nextAt"))::float8 AS oldest
    FROM "JobRun"
    WHERE status IN ('queued', 'running', 'waiting') AND "nextAt" <= now()
      AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
  return { due: row?.due ?? 0, oldestDueSeconds: Math.max(0, row?.oldest ?? 0) };
}
