import { createServer, type Server } from "node:http";
import { env, runnerMode } from "@/server/env";
import { handleRest, REST_PREFIX } from "@/server/rest/handler";
import { handleWebhook } from "@/server/webhooks/handler";
import { framingHeaders, handleAuth, handlePortalLink, handlePortalSignOut } from "./auth-routes";
import { answerClientError } from "./client-error";
import { DEMO_RECEIVER_PATH, handleDemoReceiver } from "./demo-receiver";
import { sendError } from "./error-reply";
import { handleHealth, type RunnerHealth } from "./health";
import { handleMetrics } from "./metrics";
import { type Handler, lazyNextHandler } from "./next-handler";
import { MAX_API_BODY_BYTES, unboundedBody } from "./read-body";

/**
 * Bounds on every connection, so slow or idle clients cannot hold the server (slow-loris):
 * a request's headers must arrive within 10 s and the whole request within 60 s; a silent
 * socket is closed after 75 s (a subject long-poll waits at most 60 s); at most 10,000 sockets.
 */
export const CONNECTION_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 75_000,
  // An idle keep-alive connection is closed after this (Node's default is 5 s). A client that
  // reuses one just as the server closes it gets a reset: providers and proxies keep theirs
  // open up to 60 s, so the server waits longer than they do, as behind a load balancer.
  keepAliveTimeoutMs: 65_000,
  maxConnections: 10_000,
};
export type ConnectionLimits = typeof CONNECTION_LIMITS;

/**
 * One node:http server for the whole app: webhooks (the hot path), the REST API, the
 * health check and the metrics are answered directly, everything else (console, tRPC) by
 * Next.js, loaded on the first request that needs it.
 * `withNext: false` leaves Next out (integration tests, which need no build).
 */
export async function startHttpServer(opts: {
  port: number;
  dev: boolean;
  withNext?: boolean;
  /** What /api/health and /metrics report of the runner; by default no runner thread runs here. */
  runner?: RunnerHealth;
  limits?: Partial<ConnectionLimits>;
}): Promise<Server> {
  const limits = { ...CONNECTION_LIMITS, ...opts.limits };
  const runner = opts.runner ?? { mode: runnerMode(env()), alive: () => false };
  let rest: Handler = async (_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "not_found", message: "Not found" } }));
  };
  if (opts.withNext !== false) rest = lazyNextHandler({ dev: opts.dev, port: opts.port });
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for overdue requests every 30 s by default: a trickle would outlive its limit.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (pathname.startsWith("/api/webhooks/")) return void handleWebhook(req, res, pathname);
      // Here, not in Next.js routes: the runner thread's state lives in this module graph.
      if (pathname === "/api/health") return void handleHealth(req, res, runner);
      if (pathname === "/metrics") return void handleMetrics(req, res, runner);
      if (pathname.startsWith(`${REST_PREFIX}/`)) return void handleRest(req, res, pathname);
      if (pathname === DEMO_RECEIVER_PATH && req.method === "POST") {
        return handleDemoReceiver(req, res);
      }
      for (const [name, value] of Object.entries(framingHeaders())) res.setHeader(name, value);
      // tRPC (a Next route handler) and Better Auth read bodies whole, with no limit of their own.
      if (pathname.startsWith("/api/trpc/") || pathname.startsWith("/api/auth/")) {
        const refused = unboundedBody(req, MAX_API_BODY_BYTES);
        if (refused) return sendError(res, refused, "");
      }
      if (pathname.startsWith("/api/auth/")) return void handleAuth(req, res);
      const portal = /^\/portal\/([\w-]{20,200})$/.exec(pathname);
      if (portal?.[1] && req.method === "GET") return void handlePortalLink(res, portal[1]);
      if (pathname === "/api/portal/sign-out" && req.method === "POST") {
        return void handlePortalSignOut(req, res);
      }
      void rest(req, res);
    },
  );
  // Node's own answer to headers over 16 KiB or bad framing is an empty 4xx: ours is JSON.
  server.on("clientError", answerClientError);
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, () => resolve());
  });
  return server;
}
