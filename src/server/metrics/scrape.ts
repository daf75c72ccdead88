import {
  AggregatorRegistry,
  collectDefaultMetrics,
  type PrometheusContentType,
  Registry,
} from "prom-client";
import type { RunnerHealth } from "@/server/http/health";
import { runnerQueueRegistry } from "./runner-queue";
import { threadRegistry } from "./thread";
import { webhookRegistry } from "./webhooks";

// The process's own (CPU, memory, event loop, GC), as prom-client names them.
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

/** Everything /metrics shows: this thread's metrics summed with the runner thread's. */
export async function scrape(runner: RunnerHealth): Promise<Registry> {
  const threads = [await threadRegistry.getMetricsAsJSON()];
  const runnerThread = await runner.metrics?.();
  if (runnerThread) threads.push(runnerThread);
  const registries = [
    processRegistry,
    webhookRegistry,
    AggregatorRegistry.aggregate<PrometheusContentType>(threads),
  ];
  if (runner.mode === "embedded") registries.push(runnerQueueRegistry);
  return Registry.merge(registries);
}
