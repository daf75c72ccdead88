import { z } from "zod";
import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";

const windows = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const statsInput = z.object({
  tenantId: z.string().optional(),
  window: z.enum(["1h", "24h", "7d", "30d"]).default("24h"),
});

type Counts = { pending: number; succeeded: number; failed: number };

/**
 * Events and deliveries per tenant and per endpoint over a window, with each one's success
 * rate: succeeded / (succeeded + failed), null while nothing has finished.
 */
export async function getStats(scope: Scope, input: z.input<typeof statsInput>) {
  const { tenantId, window } = statsInput.parse(input);
  const to = new Date();
  const from = new Date(to.getTime() - windows[window]);
  const tenant = tenantFilter(scope, tenantId);
  const [events, byTenant, byEndpoint, attempts, endpoints] = await Promise.all([
    db.event.groupBy({
      by: ["tenantId", "status"],
      where: { tenantId: tenant, receivedAt: { gte: from } },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["tenantId", "status"],
      where: { tenantId: tenant, createdAt: { gte: from } },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["endpointId", "status"],
      where: { tenantId: tenant, createdAt: { gte: from } },
      _count: { _all: true },
    }),
    db.deliveryAttempt.count({
      where: { startedAt: { gte: from }, delivery: { tenantId: tenant } },
    }),
    db.endpoint.findMany({
      where: { tenantId: tenant },
      select: { id: true, tenantId: true, url: true, enabled: true },
    }),
  ]);

  const tenantIds = new Set([...events, ...byTenant].map((row) => row.tenantId));
  const perTenant = [...tenantIds].map((id) => {
    const deliveries = countsOf(byTenant.filter((row) => row.tenantId === id));
    const eventCounts = events.filter((row) => row.tenantId === id);
    return {
      tenantId: id,
      events: eventCounts.reduce((sum, row) => sum + row._count._all, 0),
      eventsFailed: eventCounts.find((row) => row.status === "failed")?._count._all ?? 0,
      deliveries,
      successRate: successRate(deliveries),
    };
  });
  const perEndpoint = endpoints.map((endpoint) => {
    const deliveries = countsOf(byEndpoint.filter((row) => row.endpointId === endpoint.id));
    const { id, ...rest } = endpoint;
    return { endpointId: id, ...rest, deliveries, successRate: successRate(deliveries) };
  });
  return { window, from, to, attempts, tenants: perTenant, endpoints: perEndpoint };
}

function countsOf(rows: { status: keyof Counts; _count: { _all: number } }[]): Counts {
  const counts: Counts = { pending: 0, succeeded: 0, failed: 0 };
  for (const row of rows) counts[row.status] += row._count._all;
  return counts;
}

function successRate(counts: Counts): number | null {
  const finished = counts.succeeded + counts.failed;
  return finished === 0 ? null : Math.round((counts.succeeded / finished) * 10_000) / 10_000;
}
