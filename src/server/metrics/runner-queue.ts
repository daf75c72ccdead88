import { Gauge, Registry } from "prom-client";
import { everyTenant } from "@/domain/access/scope";
import { type RunQueue, runQueue } from "@/domain/runs/queue";

/** The embedded runner's backlog, read from the database when scraped (embedded mode only). */
export const runnerQueueRegistry = new Registry();

// Both gauges are collected at once (prom-client gathers in parallel): one query serves both.
let reading: Promise<RunQueue> | undefined;
function read(): Promise<RunQueue> {
  reading ??= runQueue(everyTenant).finally(() => {
    reading = undefined;
  });
  return reading;
}

new Gauge({
  name: "switchyard_runner_due_runs",
  help: "Runs of the embedded runner due now and not taken by a worker",
  registers: [runnerQueueRegistry],
  async collect() {
    this.set((await read()).due);
  },
});
new Gauge({
  name: "switchyard_runner_oldest_due_run_age_seconds",
  help: "How long the oldest due run has waited for a worker (0: none waits)",
  registers: [runnerQueueRegistry],
  async collect() {
    this.set((await read()).oldestDueSeconds);
  },
});
