import type { z } from "zod";
import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { pendingDeliveries, unfinishedEvents } from "./live-counts";
import { endpointTallies, eventTallies } from "./rollup-queries";
import { statsInput } from "./schemas";
import { latencyOf, successRate, sumTallies, type Tally } from "./tally";
import { boundsOf } from "./windows";

/**
 * Events and deliveries per tenant and per endpoint over a window, from the rollups (no scan
 * of events or deliveries): events received, deliveries that ended succeeded or failed, the
 * success rate (null while nothing ended) and delivery latency; beside them what is still
 * pending or failed now, which only the (indexed, few) rows themselves can say.
 */
export async function getStats(scope: Scope, input: z.input<typeof statsInput>) {
  const { tenantId, window } = statsInput.parse(input);
  const tenant = tenantFilter(scope, tenantId);
  const bounds = boundsOf(window);
  const [events, tallies, unfinished, pending, endpoints] = await Promise.all([
    eventTallies(tenant, bounds),
    endpointTallies(tenant, bounds),
    unfinishedEvents(tenant, bounds.from),
    pendingDeliveries(tenant, bounds.from),
    db.endpoint.findMany({
      where: { tenantId: tenant },
      select: { id: true, tenantId: true, url: true, enabled: true },
    }),
  ]);

  const summary = (of: Tally[], pendingCount: number) => {
    const sum = sumTallies(of);
    return {
      deliveries: { pending: pendingCount, succeeded: sum.succeeded, failed: sum.failed },
      successRate: successRate(sum),
      latencyMs: latencyOf(sum),
    };
  };
  const pendingOf = (rows: typeof pending) => rows.reduce((n, row) => n + row.count, 0);

  const tenantIds = new Set(
    [...events, ...tallies, ...unfinished, ...pending].map((row) => row.tenantId),
  );
  const perTenant = [...tenantIds].map((id) => ({
    tenantId: id,
    events: events.find((row) => row.tenantId === id)?.events ?? 0,
    eventsFailed:
      unfinished.find((row) => row.tenantId === id && row.status === "failed")?.count ?? 0,
    ...summary(
      tallies.filter((row) => row.tenantId === id),
      pendingOf(pending.filter((row) => row.tenantId === id)),
    ),
  }));
  const perEndpoint = endpoints.map(({ id, ...endpoint }) => ({
    endpointId: id,
    ...endpoint,
    ...summary(
      tallies.filter((row) => row.endpointId === id),
      pendingOf(pending.filter((row) => row.endpointId === id)),
    ),
  }));
  return {
    window,
    from: bounds.from,
    to: bounds.to,
    attempts: sumTallies(tallies).attempts,
    tenants: perTenant,
    endpoints: perEndpoint,
  };
}
