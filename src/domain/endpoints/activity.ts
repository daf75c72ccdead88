import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { Prisma } from "@/generated/prisma/client";
import { DeliveryStatus } from "@/generated/prisma/enums";
import type { EndpointActivity } from "./schemas";

const HOURS = 24;
const HOUR_MS = 3_600_000;

type Counts = { succeeded: number; failed: number; pending: number };

/**
 * Each endpoint's deliveries of the last 24 hours, by clock hour and status, for the list's
 * success rate and sparkline. Endpoints without a delivery in that time are left out.
 */
export async function endpointActivity(
  scope: Scope,
  filter: { tenantId?: string; endpointId?: string },
  now = new Date(),
): Promise<EndpointActivity> {
  const since = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (HOURS - 1) * HOUR_MS);
  const rows = await deliveryCountsByHour(scope, filter, since);
  const byEndpoint = new Map<string, Counts[]>();
  for (const row of rows) {
    let hours = byEndpoint.get(row.endpointId);
    if (!hours) {
      hours = Array.from({ length: HOURS }, () => ({ succeeded: 0, failed: 0, pending: 0 }));
      byEndpoint.set(row.endpointId, hours);
    }
    const hour = hours[row.hour];
    if (hour) hour[row.status] += row.count;
  }
  return {
    since,
    items: [...byEndpoint].map(([endpointId, hours]) => {
      const total = sum(hours);
      const finished = total.succeeded + total.failed;
      return {
        endpointId,
        ...total,
        successRate: finished === 0 ? null : total.succeeded / finished,
        hours: hours.map((counts, i) => ({
          at: new Date(since.getTime() + i * HOUR_MS),
          ...counts,
        })),
      };
    }),
  };
}

/**
 * One grouped query over the endpoints in scope. Naming every status lets the
 * (endpointId, status, createdAt) index answer with short range scans, not whole histories.
 * This is the one place that reads raw deliveries for it: hourly rollups can replace it.
 */
function deliveryCountsByHour(
  scope: Scope,
  filter: { tenantId?: string; endpointId?: string },
  since: Date,
) {
  const tenants = tenantFilter(scope, filter.tenantId);
  const tenantIds =
    tenants === undefined ? null : typeof tenants === "string" ? [tenants] : tenants.in;
  const statuses = Object.values(DeliveryStatus);
  return db.$queryRaw<{ endpointId: string; hour: number; status: keyof Counts; count: number }[]>`
    SELECT d."endpointId",
      floor(extract(epoch FROM d."createdAt" - ${since}::timestamptz) / 3600)::int AS hour,
      d.status::text AS status, count(*)::int AS count
    FROM "Delivery" d
    WHERE d."endpointId" IN (
        SELECT e.id FROM "Endpoint" e
        WHERE true
          ${tenantIds === null ? Prisma.empty : Prisma.sql`AND e."tenantId" = ANY(${tenantIds}::text[])`}
          ${filter.endpointId === undefined ? Prisma.empty : Prisma.sql`AND e.id = ${filter.endpointId}`})
      AND d.status = ANY(${statuses}::"DeliveryStatus"[])
      AND d."createdAt" >= ${since}::timestamptz
    GROUP BY 1, 2, 3`;
}

function sum(hours: Counts[]): Counts {
  const total = { succeeded: 0, failed: 0, pending: 0 };
  for (const hour of hours) {
    total.succeeded += hour.succeeded;
    total.failed += hour.failed;
    total.pending += hour.pending;
  }
  return total;
}
