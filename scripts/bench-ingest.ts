// npm run bench:ingest — 10 s, 50 connections of HMAC-signed JSON webhooks (a new
// idempotency key per request) against the production server in Inngest mode (untracked, then
// with each order a tracked subject), then the same load against a bare node:http + pg insert
// endpoint, a Next.js route handler doing the same insert, and the embedded default (its
// runner started; the bench tenant has no endpoint, so each event is stored and completed),
// then the embedded default delivering every event to a local receiver, in the same run.
// Prints a table and the ratios to the bare endpoint.
// Needs `npm run build` (npm start builds when needed).

import type { ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import autocannon from "autocannon";
import { everyTenant } from "@/domain/access/scope";
import { disconnectDb } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase } from "../tests/support/test-database";
import { startServerProcess } from "./bench/server-process";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
// BENCH_ONLY=bare,embedded runs only the rows whose names contain one of these words.
// BENCH_PROFILE=dir writes a CPU profile of every server thread there (open it in DevTools).
const PROFILE = process.env.BENCH_PROFILE
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
  : [];
const ONLY = process.env.BENCH_ONLY?.split(",").map((word) => word.trim().toLowerCase());
const CONNECTIONS = 50;
const SECRET = "bench-secret";

// What the load sends: HMAC-signed, a new idempotency key each, the type in the body.
const SIGNED = {
  verification: {
    scheme: "hmac_sha256",
    header: "x-signature",
    encoding: "hex",
    prefix: "sha256=",
    secret: SECRET,
  },
  idempotency: { from: "header", header: "x-idempotency-key" },
  eventType: { from: "path", path: "type" },
} as const;

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY = generateEncryptionKey();
const tenant = await createTenant(everyTenant, { name: "Bench", slug: "bench" });
await createSource(everyTenant, {
  tenantId: tenant.id,
  slug: "bench",
  name: "Bench",
  ...SIGNED,
});
// The same, tracking each order as a subject: its state is written in the event's transaction.
await createSource(everyTenant, {
  tenantId: tenant.id,
  slug: "bench-tracked",
  name: "Bench, tracked",
  ...SIGNED,
  subject: { from: "path", path: "order.id" },
  tracking: { status: "order.status", terminal: ["delivered"], progress: "order.progress" },
});
// Another tenant's source whose every event goes to an endpoint: the embedded row that
// delivers (the runner attempts each delivery while the load goes on).
const receiver = await startBenchReceiver();
const delivering = await createTenant(everyTenant, { name: "Bench, delivering", slug: "bench-d" });
await createSource(everyTenant, {
  tenantId: delivering.id,
  slug: "bench-delivered",
  name: "Bench, delivered",
  ...SIGNED,
});
// The receiver listens on loopback (the servers inherit this).
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
await createEndpoint(everyTenant, {
  tenantId: delivering.id,
  url: receiver.url,
  eventTypes: ["*"],
});
await disconnectDb();

const children: ChildProcess[] = [];
const results: { name: string; result: autocannon.Result }[] = [];
const eventApi = await startEventApiStub(3309);

/** A Switchyard server's settings: a data directory of its own, and `extra`. */
const appEnv = (extra: Record<string, string> = {}) => ({
  SWITCHYARD_DATA_DIR: openTempDir("switchyard-bench-"),
  LOG_LEVEL: "warn",
  ...extra,
});
// Production mode: background work goes to Inngest (here a stub of its event API).
const INNGEST_MODE = {
  INNGEST_EVENT_KEY: "bench-event-key",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
  INNGEST_BASE_URL: "http://127.0.0.1:3309/",
};

/** One row of the table: starts a server, loads it for DURATION_S, stops it. */
async function measure(
  name: string,
  args: string[],
  port: number,
  env: Record<string, string>,
  path: string,
) {
  if (ONLY && !ONLY.some((word) => name.toLowerCase().includes(word))) return;
  const server = await startServerProcess("node", [...PROFILE, ...args], port, env);
  children.push(server);
  results.push({ name, result: await load(port, path) });
  server.kill("SIGTERM");
}

try {
  await measure(
    "Switchyard, Inngest mode",
    ["scripts/start.mjs"],
    3301,
    appEnv(INNGEST_MODE),
    "/api/webhooks/bench",
  );
  await measure(
    "Switchyard, Inngest mode, tracked subjects",
    ["scripts/start.mjs"],
    3305,
    appEnv(INNGEST_MODE),
    "/api/webhooks/bench-tracked",
  );
  await measure(
    "bare node:http + pg insert",
    ["--import", "tsx", "scripts/bench/baseline-server.ts"],
    3302,
    {},
    "/",
  );
  // Why webhooks bypass Next.js: the same insert in a Next.js route handler.
  await measure(
    "Next.js route handler + pg insert",
    ["--import", "tsx", "scripts/bench/next-route-server.ts"],
    3304,
    {},
    "/",
  );
  // The no-configuration default: events fanned out (to no endpoint) as they are stored.
  await measure(
    "Switchyard, embedded runner",
    ["scripts/start.mjs"],
    3303,
    appEnv(),
    "/api/webhooks/bench",
  );
  // The same, every event delivered to an endpoint while the load goes on.
  await measure(
    "Switchyard, embedded runner, delivering each event",
    ["scripts/start.mjs"],
    3307,
    appEnv(),
    "/api/webhooks/bench-delivered",
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
  eventApi.close();
  receiver.close();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await database.drop();
}

const row = (name: string) => results.find((r) => r.name === name)?.result;
const ours = row("Switchyard, Inngest mode");
const tracked = row("Switchyard, Inngest mode, tracked subjects");
const bare = row("bare node:http + pg insert");
const nextRoute = row("Next.js route handler + pg insert");
const embedded = row("Switchyard, embedded runner");
const embeddedDelivering = row("Switchyard, embedded runner, delivering each event");
console.log(
  `\nIngest benchmark: ${DURATION_S} s, ${CONNECTIONS} connections, HMAC-signed JSON, unique idempotency keys\n`,
);
console.log("| server | accepted req/s | p50 ms | p99 ms | non-2xx | errors |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const { name, result } of results) {
  console.log(
    `| ${name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx} | ${result.errors + result.timeouts} |`,
  );
}
if (ours && bare) {
  const ratio = ((ours.requests.average / bare.requests.average) * 100).toFixed(0);
  console.log(`\nSwitchyard (Inngest mode) / bare baseline: ${ratio}%`);
}
if (embedded && bare) {
  const ratio = ((embedded.requests.average / bare.requests.average) * 100).toFixed(0);
  console.log(`Switchyard (embedded runner, the default) / bare baseline: ${ratio}%`);
}
if (embeddedDelivering && bare) {
  const ratio = ((embeddedDelivering.requests.average / bare.requests.average) * 100).toFixed(0);
  console.log(
    `Switchyard (embedded, delivering each event) / bare baseline: ${ratio}% (deliveries received by its end: ${receiver.received()})`,
  );
}
if (tracked && ours) {
  const ratio = ((tracked.requests.average / ours.requests.average) * 100).toFixed(0);
  console.log(`Tracked subjects / the same without tracking: ${ratio}%`);
}
if (nextRoute && bare) {
  const ratio = ((nextRoute.requests.average / bare.requests.average) * 100).toFixed(0);
  console.log(`Next.js route handler / bare baseline: ${ratio}%`);
}
console.log(`Events handed to the Inngest event API stub: ${eventApi.received()}`);
process.exit(0);

function load(port: number, path: string): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const body = JSON.stringify({
            type: "order.created",
            order: { id: randomUUID(), total: 4200, status: "packed", progress: 50 },
          });
          const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
          return {
            ...request,
            body,
            headers: {
              "content-type": "application/json",
              "x-signature": signature,
              "x-idempotency-key": randomUUID(),
            },
          };
        },
      },
    ],
  });
}

/** A tenant's endpoint: answers every delivery 204 and counts them. */
async function startBenchReceiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => server.close(),
    received: () => received,
  };
}

/** Answers like Inngest's event API: POST /e/{key} -> {"ids": [...], "status": 200}. */
async function startEventApiStub(port: number) {
  let received = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const events = JSON.parse(Buffer.concat(chunks).toString() || "[]") as unknown[];
      received += events.length;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ids: events.map(() => randomUUID()), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return { close: () => server.close(), received: () => received };
}
