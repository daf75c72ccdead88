import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@/domain/errors";
import { safeEqual } from "@/lib/crypto/constant-time";
import { isAdminKey } from "@/server/auth/principal";
import { env } from "@/server/env";
import { scrape } from "@/server/metrics/scrape";
import { sendError } from "./error-reply";
import type { RunnerHealth } from "./health";

/**
 * GET /metrics in Prometheus' text format, for METRICS_TOKEN or the admin key as a bearer
 * token: the metrics name sources and endpoints of every tenant.
 */
export async function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  runner: RunnerHealth,
): Promise<void> {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      throw new DomainError("method_not_allowed", "Metrics are read with GET");
    }
    if (!authorized(req.headers.authorization)) {
      res.setHeader("www-authenticate", "Bearer");
      throw new DomainError("unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>");
    }
    const registry = await scrape(runner);
    const text = await registry.metrics();
    res.writeHead(200, {
      "content-type": registry.contentType,
      "content-length": Buffer.byteLength(text),
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : text);
  } catch (error) {
    sendError(res, error, "The metrics could not be read");
  }
}

function authorized(authorization: string | undefined): boolean {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!token) return false;
  const metricsToken = env().METRICS_TOKEN;
  return (metricsToken !== undefined && safeEqual(token, metricsToken)) || isAdminKey(token);
}
