import type { z } from "zod";
import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { pendingDeliveries, unfinishedEvents } from "./live-counts";
import { chartSeries, endpointTallies, eventTallies } from "./rollup-queries";
import { statsInput } from "./schemas";
import { latencyOf, successRate, sumTallies } from "./tally";
import { boundsOf } from "./windows";

/**
 * The console's first screen, for one tenant or every tenant the caller sees, over a window:
 * what is configured, volume in and out, success rate, latency, a chart, and the endpoints
 * failing now. Counts over time come from the rollups; nothing scans events or deliveries.
 */
export async function getOverview(scope: Scope, input: z.input<typeof statsInput>) {
  const { tenantId, window } = statsInput.parse(input);
  const tenant = tenantFilter(scope, tenantId);
  const bounds = boundsOf(window);
  const [choices, sources, endpoints, events, tallies, unfinished, pending, series, failing] =
    await Promise.all([
      db.tenant.findMany({
        where: scope.tenantIds === null ? {} : { id: { in: [...scope.tenantIds] } },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      }),
      db.source.count({ where: { tenantId: tenant } }),
      db.endpoint.count({ where: { tenantId: tenant } }),
      eventTallies(tenant, bounds),
      endpointTallies(tenant, bounds),
      unfinishedEvents(tenant, bounds.from),
      pendingDeliveries(tenant, bounds.from),
      chartSeries(tenant, bounds),
      db.endpoint.findMany({
        where: { tenantId: tenant, failingSince: { not: null } },
        select: {
          id: true,
          tenantId: true,
          url: true,
          description: true,
          enabled: true,
          disabledReason: true,
          failingSince: true,
        },
        orderBy: { failingSince: "asc" },
        take: 100,
      }),
    ]);

  const eventsIn = events.reduce((n, row) => n + row.events, 0);
  const statusCount = (status: string) =>
    unfinished.filter((row) => row.status === status).reduce((n, row) => n + row.count, 0);
  const received = statusCount("received");
  const processing = statusCount("processing");
  const failed = statusCount("failed");
  const total = sumTallies(tallies);
  return {
    tenants: tenantId ? 1 : choices.length,
    sources,
    endpoints,
    events: {
      received,
      processing,
      // What is not waiting, in process or failed has completed: no scan of completed events.
      completed: Math.max(0, eventsIn - received - processing - failed),
      failed,
    },
    deliveries: {
      pending: pending.reduce((n, row) => n + row.count, 0),
      succeeded: total.succeeded,
      failed: total.failed,
    },
    window,
    tenantId: tenantId ?? null,
    from: bounds.from,
    to: bounds.to,
    totals: {
      eventsIn,
      deliveriesOut: total.succeeded + total.failed,
      attempts: total.attempts,
      attemptsFailed: total.attemptsFailed,
      successRate: successRate(total),
      latencyMs: latencyOf(total),
    },
    stepMs: bounds.stepMs,
    series,
    // Most failed attempts in the window first, then the longest failing.
    failingEndpoints: failing
      .map(({ id, failingSince, ...endpoint }) => {
        const tally = tallies.find((row) => row.endpointId === id);
        return {
          endpointId: id,
          ...endpoint,
          failingSince: failingSince ?? bounds.to,
          failed: tally?.failed ?? 0,
          attemptsFailed: tally?.attemptsFailed ?? 0,
        };
      })
      .sort((a, b) => b.attemptsFailed - a.attemptsFailed),
    tenantChoices: choices,
  };
}
