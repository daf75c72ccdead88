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
  await tx.$executeRaw(countDeliveriesSql([count]));
}

/**
 * The counters of many attempts in one upsert: summed per endpoint, successes' latencies
 * binned into one histogram (buckets as latency_histogram makes them). Usable as a CTE.
 */
export function countDeliveriesSql(counts: DeliveryCount[]): Prisma.Sql {
  const rows = counts.map((count) => ({
    tenantId: count.tenantId,
    endpointId: count.endpointId,
    succeeded: count.outcome === "succeeded" ? 1 : 0,
    failed: count.outcome === "failed" ? 1 : 0,
    attempts: count.attempt ? 1 : 0,
    attemptsFailed: count.attempt?.failed ? 1 : 0,
    receivedAt: count.receivedAt.toISOString(),
  }));
  return Prisma.sql`
    WITH c AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS c("tenantId" text,
        "endpointId" text, succeeded int, failed int, attempts int, "attemptsFailed" int,
        "receivedAt" timestamptz)
    ), bins AS (
      SELECT "tenantId", "endpointId",
        latency_bucket(extract(epoch FROM now() - "receivedAt") * 1000) AS bucket, count(*)::int AS n
      FROM c WHERE succeeded = 1 GROUP BY 1, 2, 3
    ), per AS (
      SELECT k."tenantId", k."endpointId", sum(k.succeeded)::int AS succeeded,
        sum(k.failed)::int AS failed, sum(k.attempts)::int AS attempts,
        sum(k."attemptsFailed")::int AS "attemptsFailed",
        (SELECT array_agg(coalesce(b.n, 0) ORDER BY i) FROM generate_series(0, 53) AS i
         LEFT JOIN bins b ON b."tenantId" = k."tenantId" AND b."endpointId" = k."endpointId"
           AND b.bucket = i) AS latency
      FROM c k GROUP BY 1, 2
    )
    INSERT INTO "DeliveryRollup" AS r (grain, "bucketStart", "tenantId", "endpointId", succeeded,
                                       failed, attempts, "attemptsFailed", latency)
    SELECT g.grain, date_bin(g.width, now(), TIMESTAMPTZ 'epoch'), per."tenantId",
           per."endpointId", per.succeeded, per.failed, per.attempts, per."attemptsFailed",
           per.latency
    FROM per CROSS JOIN (VALUES ('minute'::"RollupGrain", interval '1 minute'),
                                ('hour'::"RollupGrain", interval '1 hour')) AS g(grain, width)
    ORDER BY g.grain, per."endpointId"
    ON CONFLICT (grain, "bucketStart", "tenantId", "endpointId") DO UPDATE SET
      succeeded = r.succeeded + EXCLUDED.succeeded,
      failed = r.failed + EXCLUDED.failed,
      attempts = r.attempts + EXCLUDED.attempts,
      "attemptsFailed" = r."attemptsFailed" + EXCLUDED."attemptsFailed",
      latency = CASE WHEN EXCLUDED.succeeded = 0 THEN r.latency
                     ELSE histogram_add(r.latency, EXCLUDED.latency) END
    RETURNING 1`;
}
