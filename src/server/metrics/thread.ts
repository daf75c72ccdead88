import { isMainThread } from "node:worker_threads";
import type pg from "pg";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { openPools } from "@/domain/db";
import { onAttemptsRecorded } from "@/domain/delivery/attempt-listeners";

/**
 * What each thread measures of its own work: delivery attempts and its database pools.
 * Deliveries run where the functions run: in the runner thread (embedded runner), whose
 * module graph has its own copy of this registry, or in the main process (Inngest calls
 * /api/inngest). So every thread keeps its own, and a scrape asks the runner thread for its
 * copy and sums it with the main thread's (scrape.ts): exact at scrape time, no timer in the
 * thread, histograms merged bucket by bucket; a restarted thread starts from zero, which
 * Prometheus reads as a counter reset, as for a restarted process.
 */
export const threadRegistry = new Registry();
export type ThreadMetrics = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

const thread = isMainThread ? "main" : "runner";

const attempts = new Counter({
  name: "switchyard_delivery_attempts_total",
  help: "Delivery attempts by endpoint, outcome (succeeded, retrying, failed: gave up) and HTTP status class (none: no answer)",
  labelNames: ["endpoint_id", "outcome", "status_class"],
  registers: [threadRegistry],
});
const attemptSeconds = new Histogram({
  name: "switchyard_delivery_attempt_duration_seconds",
  help: "Time from sending an attempt to its answer (or error), by endpoint",
  labelNames: ["endpoint_id"],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [threadRegistry],
});

const outcomes = { succeeded: "succeeded", pending: "retrying", failed: "failed" } as const;

onAttemptsRecorded((heard) => {
  for (const attempt of heard) {
    const status = attempt.responseStatus;
    attempts.inc({
      endpoint_id: attempt.endpointId,
      outcome: outcomes[attempt.status],
      status_class: status === undefined ? "none" : `${Math.floor(status / 100)}xx`,
    });
    attemptSeconds.observe({ endpoint_id: attempt.endpointId }, attempt.durationMs / 1000);
  }
});

/** A gauge of each open pool of this thread, read when scraped. */
function poolGauge(name: string, help: string, read: (pool: pg.Pool) => number) {
  return new Gauge({
    name,
    help,
    labelNames: ["thread", "pool"],
    registers: [threadRegistry],
    collect() {
      this.reset();
      for (const { name: pool, pool: open } of openPools()) this.set({ thread, pool }, read(open));
    },
  });
}
poolGauge("switchyard_db_pool_connections", "Connections open in the pool", (p) => p.totalCount);
poolGauge(
  "switchyard_db_pool_idle_connections",
  "Connections idle in the pool",
  (p) => p.idleCount,
);
poolGauge(
  "switchyard_db_pool_waiting_clients",
  "Queries waiting for a connection of the pool",
  (p) => p.waitingCount,
);
