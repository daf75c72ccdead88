// A tenant's history past its retention (Tenant.retentionDays), deleted a batch at a time. Each
// statement deletes at most `batchSize` rows in its own transaction (plain pg, autocommit), and
// children go before their parents: attempts -> deliveries -> events -> inbound requests, so no
// foreign-key cascade turns one statement into a large one. Rollups are not touched here.
import { coversTenant, type Scope } from "@/domain/access/scope";
import { sqlPool } from "@/domain/db";
import { DomainError } from "@/domain/errors";

export const RETENTION_BATCH_SIZE = 1_000;

export interface PruneOptions {
  /** Rows per statement. */
  batchSize?: number;
  /** No batch starts after this many milliseconds; what is left goes next time. */
  budgetMs?: number;
}

export interface Pruned {
  attempts: number;
  deliveries: number;
  events: number;
  requests: number;
  /** DELETE statements run, each its own short transaction. */
  statements: number;
  /** False when the budget ran out before everything expired was gone. */
  done: boolean;
}

/**
 * Deletes what the tenant keeps no longer, oldest first along the (tenantId, time) indexes, so
 * a large backlog is walked once rather than scanned per batch.
 */
export async function pruneTenant(
  scope: Scope,
  tenantId: string,
  opts: PruneOptions = {},
): Promise<Pruned> {
  if (!coversTenant(scope, tenantId)) throw new DomainError("not_found", `No tenant "${tenantId}"`);
  const batchSize = opts.batchSize ?? RETENTION_BATCH_SIZE;
  const deadline = Date.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
  const outOfTime = () => Date.now() >= deadline;
  const pruned: Pruned = {
    attempts: 0,
    deliveries: 0,
    events: 0,
    requests: 0,
    statements: 0,
    done: false,
  };
  const cutoff = await cutoffOf(tenantId);
  if (!cutoff) return { ...pruned, done: true };
  const sql = sqlPool();
  // Ids first, then a DELETE by primary key: `DELETE ... WHERE id IN (SELECT ... LIMIT n)` may
  // be planned as a hash join over the whole table.
  const deleteIds = async (table: string, rows: string[]) => {
    if (rows.length === 0) return 0;
    pruned.statements++;
    return (await sql.query(`DELETE FROM "${table}" WHERE id = ANY($1)`, [rows])).rowCount ?? 0;
  };
  const ids = async (text: string, values: unknown[]) =>
    (await sql.query<{ id: string }>(text, values)).rows.map((row) => row.id);

  // A delivery's attempts first (a few per delivery, still batched), then the delivery.
  const deleteDeliveries = async (deliveryIds: string[]) => {
    for (let i = 0; i < deliveryIds.length; i += batchSize) {
      const chunk = deliveryIds.slice(i, i + batchSize);
      for (;;) {
        const attempts = await ids(
          `SELECT id FROM "DeliveryAttempt" WHERE "deliveryId" = ANY($1) LIMIT $2`,
          [chunk, batchSize],
        );
        pruned.attempts += await deleteIds("DeliveryAttempt", attempts);
        if (attempts.length < batchSize) break;
      }
      pruned.deliveries += await deleteIds("Delivery", chunk);
    }
  };

  // Deliveries by their own age.
  while (!outOfTime()) {
    const expired = await ids(
      `SELECT id FROM "Delivery" WHERE "tenantId" = $1 AND "createdAt" < $2
       ORDER BY "createdAt" LIMIT $3`,
      [tenantId, cutoff, batchSize],
    );
    await deleteDeliveries(expired);
    if (expired.length < batchSize) break;
  }
  // Events, with any delivery made after the cutoff for an event received before it.
  while (!outOfTime()) {
    const expired = await ids(
      `SELECT id FROM "Event" WHERE "tenantId" = $1 AND "receivedAt" < $2
       ORDER BY "receivedAt" LIMIT $3`,
      [tenantId, cutoff, batchSize],
    );
    if (expired.length === 0) break;
    await deleteDeliveries(
      await ids(`SELECT id FROM "Delivery" WHERE "eventId" = ANY($1)`, [expired]),
    );
    pruned.events += await deleteIds("Event", expired);
    if (expired.length < batchSize) break;
  }
  // Requests last; found through their sources' (sourceId, receivedAt) index.
  while (!outOfTime()) {
    const expired = await ids(
      `SELECT r.id FROM "Source" s
       JOIN "InboundRequest" r ON r."sourceId" = s.id AND r."receivedAt" < $2
       WHERE s."tenantId" = $1 LIMIT $3`,
      [tenantId, cutoff, batchSize],
    );
    pruned.requests += await deleteIds("InboundRequest", expired);
    if (expired.length < batchSize) return { ...pruned, done: true };
  }
  return pruned;
}

/** The instant before which the tenant's history goes, by the database's clock; null if gone. */
async function cutoffOf(tenantId: string): Promise<Date | null> {
  const { rows } = await sqlPool().query<{ cutoff: Date }>(
    `SELECT now() - make_interval(days => "retentionDays") AS cutoff FROM "Tenant" WHERE id = $1`,
    [tenantId],
  );
  return rows[0]?.cutoff ?? null;
}
