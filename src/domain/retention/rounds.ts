import type { Scope } from "@/domain/access/scope";
import { db, sqlPool } from "@/domain/db";
import { type PruneOptions, pruneTenant, RETENTION_BATCH_SIZE } from "./prune";

/**
 * Minute rollups are kept this long (hour rollups always): stats read minute rows for at most
 * the last 30 days, and the tenant pages count every event ever received from the hour rows.
 */
export const MINUTE_ROLLUP_DAYS = 400;

export interface RoundOptions extends PruneOptions {
  /** The tenant id to start from (inclusive), as a previous round answered; the first if unset. */
  from?: string | null;
}

export interface PruneRound {
  /** Rows deleted: attempts, deliveries, events and inbound requests. */
  deleted: number;
  next: string | null;
}

/**
 * Prunes the scope's tenants in id order until the budget is used; `next` is the tenant to go
 * on from (null once every tenant is done), so a job can spread the work over steps.
 */
export async function pruneTenantsRound(
  scope: Scope,
  opts: RoundOptions = {},
): Promise<PruneRound> {
  const deadline = Date.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
  const covered = scope.tenantIds === null ? {} : { in: [...scope.tenantIds] };
  const tenants = await db.tenant.findMany({
    where: { id: { ...covered, ...(opts.from ? { gte: opts.from } : {}) } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  let deleted = 0;
  for (const { id } of tenants) {
    const budgetMs = deadline - Date.now();
    if (budgetMs <= 0) return { deleted, next: id };
    const pruned = await pruneTenant(scope, id, { batchSize: opts.batchSize, budgetMs });
    deleted += pruned.attempts + pruned.deliveries + pruned.events + pruned.requests;
    if (!pruned.done) return { deleted, next: id };
  }
  return { deleted, next: null };
}

/** Deletes minute rollups past MINUTE_ROLLUP_DAYS, a batch per statement; how many went. */
export async function pruneMinuteRollups(scope: Scope, opts: PruneOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? RETENTION_BATCH_SIZE;
  const deadline = Date.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
  const tenantIds = scope.tenantIds === null ? null : [...scope.tenantIds];
  let deleted = 0;
  for (const table of ["EventRollup", "DeliveryRollup"]) {
    while (Date.now() < deadline) {
      // Along the primary key (grain, bucketStart, ...): oldest first, no scan.
      const { rowCount } = await sqlPool().query(
        `DELETE FROM "${table}" WHERE ctid IN (
           SELECT ctid FROM "${table}"
           WHERE grain = 'minute' AND "bucketStart" < now() - make_interval(days => $1)
             AND ($2::text[] IS NULL OR "tenantId" = ANY($2))
           ORDER BY "bucketStart" LIMIT $3)`,
        [MINUTE_ROLLUP_DAYS, tenantIds, batchSize],
      );
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) break;
    }
  }
  return deleted;
}
