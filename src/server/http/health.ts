import type { IncomingMessage, ServerResponse } from "node:http";
import { databaseIsUp } from "@/domain/health";
import type { RunnerMode } from "@/jobs/runner-mode";
import type { ThreadMetrics } from "@/server/metrics/thread";
import { sendJson } from "./send-json";

/** Who runs the jobs, and (embedded runner only) whether its thread is up right now. */
export interface RunnerHealth {
  mode: RunnerMode;
  alive(): boolean;
  /** The runner thread's own metrics (deliveries, pools); undefined when it does not answer. */
  metrics?(): Promise<ThreadMetrics | undefined>;
}

/**
 * GET /api/health, PRODUCT.md's `{"status":"ok","db":"ok","runner":"embedded"|"inngest"}`.
 * With the embedded runner it adds `"runnerAlive"`, from the thread itself: a dead thread
 * not yet restarted, like an unreachable database, answers 503 `"status":"degraded"`.
 */
export async function handleHealth(
  req: IncomingMessage,
  res: ServerResponse,
  runner: RunnerHealth,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return sendJson(res, 405, {
      error: { code: "method_not_allowed", message: "The health check is read with GET" },
    });
  }
  const dbUp = await databaseIsUp();
  const runnerAlive = runner.mode === "embedded" ? runner.alive() : undefined;
  const healthy = dbUp && runnerAlive !== false;
  res.setHeader("cache-control", "no-store");
  sendJson(res, healthy ? 200 : 503, {
    status: healthy ? "ok" : "degraded",
    db: dbUp ? "ok" : "error",
    runner: runner.mode,
    ...(runnerAlive === undefined ? {} : { runnerAlive }),
  });
}
