import { parentPort } from "node:worker_threads";
import { log } from "@/lib/log";
import { type ThreadMetrics, threadRegistry } from "./metrics/thread";

/** The supervisor asks for the thread's metrics with `{ metrics: id }`; the answer names the id. */
export interface MetricsRequest {
  metrics: number;
}
export interface MetricsReply {
  metricsFor: number;
  metrics: ThreadMetrics;
}

/**
 * The thread's side of src/server/runner-supervisor.ts: says "started" once `start` has the
 * runner up; on "stop", stops it (no new claims, in-flight calls finish) and says "stopped";
 * answers a MetricsRequest with its metrics.
 */
export async function serveRunnerThread(start: () => Promise<{ stop(): Promise<void> }>) {
  const runner = await start();
  parentPort?.on("message", (message) => {
    if (typeof (message as MetricsRequest).metrics === "number") {
      const metricsFor = (message as MetricsRequest).metrics;
      void threadRegistry.getMetricsAsJSON().then(
        (metrics) => parentPort?.postMessage({ metricsFor, metrics } satisfies MetricsReply),
        (error: Error) => log.warn(`runner: metrics not read: ${error.message}`),
      );
      return;
    }
    if (message !== "stop") return;
    void runner
      .stop()
      .catch((error) => log.error(`runner: stopping failed: ${(error as Error).message}`))
      .finally(() => parentPort?.postMessage("stopped"));
  });
  parentPort?.postMessage("started");
}
