import { parentPort } from "node:worker_threads";
import { log } from "@/lib/log";

/**
 * The thread's side of src/server/runner-supervisor.ts: says "started" once `start` has the
 * runner up; on "stop", stops it (no new claims, in-flight calls finish) and says "stopped".
 */
export async function serveRunnerThread(start: () => Promise<{ stop(): Promise<void> }>) {
  const runner = await start();
  parentPort?.on("message", (message) => {
    if (message !== "stop") return;
    void runner
      .stop()
      .catch((error) => log.error(`runner: stopping failed: ${(error as Error).message}`))
      .finally(() => parentPort?.postMessage("stopped"));
  });
  parentPort?.postMessage("started");
}
