import { Prisma } from "@/generated/prisma/client";

/** What one attempt of a delivery adds to its endpoint's counters. */
export interface DeliveryCount {
  tenantId: string;
  endpointId: string;
  /** The attempt made, if one was (a delivery can also end failed without one). */
  attempt?: { failed: boolean };
  /** How the delivery ended, if it did. */
  outcome?: "succeeded" | "failed";
  /** When its event was received: a success's latency runs from there. */
  receivedAt: Date;
}

/**
 * Adds an attempt and the delivery's outcome to the minute and hour counters of its endpoint,
 * in the caller's transaction, so stats never scan deliveries. Buckets and latency follow the
 * database's clock, as the events' receipt times do. Minute row before hour row: every writer
 * locks counters in one order.
 */
export async function countDelivery(tx: Prisma.TransactionClient, count: DeliveryCount) {
  const succeeded = count.outcome === "succeeded" ? 1 : 0;
  const failed = count.outcome === "failed" ? 1 : 0;
  const attempts = count.attempt ? 1 : 0;
  const attemptsFailed = count.attempt?.failed ? 1 : 0;
  const latency = succeeded
    ? Prisma.sql`latency_histogram(extract(epoch FROM now() - ${count.receivedAt}::timestamptz) * 1000)`
    : Prisma.sql`latency_histogram(NULL)`;
  await tx.$executeRaw`
    INSERT INTO "DeliveryRollup" AS r (grain, "bucketStart", "tenantId", "endpointId", succeeded,
                                       failed, attempts, "attemptsFailed", latency)
    SELECT g.grain, date_bin(g.width, now(), TIMESTAMPTZ 'epoch'), ${count.tenantId},
           ${count.endpointId}, ${succeeded}, ${failed}, ${attempts}, ${attemptsFailed}, ${latency}
    FROM (VALUES ('minute'::"RollupGrain", interval '1 minute'),
                 ('hour'::"RollupGrain", interval '1 hour')) AS g(grain, width)
    ORDER BY g.grain
    ON CONFLICT (grain, "bucketStart", "tenantId", "endpointId") DO UPDATE SET
      succeeded = r.succeeded + EXCLUDED.succeeded,
      failed = r.failed + EXCLUDED.failed,
      attempts = r.attempts + EXCLUDED.attempts,
      "attemptsFailed" = r."attemptsFailed" + EXCLUDED."attemptsFailed",
      latency = CASE WHEN EXCLUDED.succeeded = 0 THEN r.latency
                     ELSE histogram_add(r.latency, EXCLUDED.latency) END`;
}
