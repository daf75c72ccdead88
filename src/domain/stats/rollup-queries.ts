import { db } from "@/domain/db";
import { Prisma } from "@/generated/prisma/client";
import { HISTOGRAM_BUCKETS } from "./histogram";
import {
  type Bounds,
  chartPoint,
  chartPoints,
  chartRows,
  coveringRows,
  tenantSql,
} from "./windows";

type TenantFilter = string | { in: string[] } | undefined;

export interface EndpointTally {
  tenantId: string;
  endpointId: string;
  succeeded: number;
  failed: number;
  attempts: number;
  attemptsFailed: number;
  latency: number[];
}

// Bucket by bucket: ARRAY[sum(latency[1]), ...] is several times faster than unnesting.
const latencySums = Prisma.raw(
  `ARRAY[${Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `COALESCE(sum(latency[${i + 1}]), 0)`).join(", ")}]::int8[]`,
);

/** Delivery counters per endpoint over the window, from the rollups. */
export async function endpointTallies(tenant: TenantFilter, bounds: Bounds) {
  const rows = await db.$queryRaw<
    {
      tenantId: string;
      endpointId: string;
      succeeded: bigint;
      failed: bigint;
      attempts: bigint;
      attemptsFailed: bigint;
      latency: bigint[];
    }[]
  >`
    SELECT "tenantId", "endpointId", sum(succeeded) AS succeeded, sum(failed) AS failed,
           sum(attempts) AS attempts, sum("attemptsFailed") AS "attemptsFailed",
           ${latencySums} AS latency
    FROM "DeliveryRollup"
    WHERE ${coveringRows(bounds)} AND ${tenantSql(tenant)}
    GROUP BY "tenantId", "endpointId"`;
  return rows.map(
    (row): EndpointTally => ({
      tenantId: row.tenantId,
      endpointId: row.endpointId,
      succeeded: Number(row.succeeded),
      failed: Number(row.failed),
      attempts: Number(row.attempts),
      attemptsFailed: Number(row.attemptsFailed),
      latency: row.latency.map(Number),
    }),
  );
}

/** Events received per tenant over the window, from the rollups. */
export async function eventTallies(tenant: TenantFilter, bounds: Bounds) {
  const rows = await db.$queryRaw<{ tenantId: string; events: bigint }[]>`
    SELECT "tenantId", sum(events) AS events
    FROM "EventRollup"
    WHERE ${coveringRows(bounds)} AND ${tenantSql(tenant)}
    GROUP BY "tenantId"`;
  return rows.map((row) => ({ tenantId: row.tenantId, events: Number(row.events) }));
}

/** The chart: events in and deliveries succeeded and failed per step, empty steps included. */
export async function chartSeries(tenant: TenantFilter, bounds: Bounds) {
  const [events, deliveries] = await Promise.all([
    db.$queryRaw<{ at: Date; events: bigint }[]>`
      SELECT ${chartPoint(bounds)} AS at, sum(events) AS events
      FROM "EventRollup"
      WHERE ${chartRows(bounds)} AND ${tenantSql(tenant)}
      GROUP BY 1`,
    db.$queryRaw<{ at: Date; succeeded: bigint; failed: bigint }[]>`
      SELECT ${chartPoint(bounds)} AS at, sum(succeeded) AS succeeded, sum(failed) AS failed
      FROM "DeliveryRollup"
      WHERE ${chartRows(bounds)} AND ${tenantSql(tenant)}
      GROUP BY 1`,
  ]);
  const eventsAt = new Map(events.map((row) => [row.at.getTime(), Number(row.events)]));
  const deliveriesAt = new Map(deliveries.map((row) => [row.at.getTime(), row]));
  return chartPoints(bounds).map((at) => {
    const delivered = deliveriesAt.get(at.getTime());
    return {
      at,
      eventsIn: eventsAt.get(at.getTime()) ?? 0,
      succeeded: Number(delivered?.succeeded ?? 0),
      failed: Number(delivered?.failed ?? 0),
    };
  });
}
