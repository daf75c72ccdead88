// npm run bench:delivery — outbound delivery on the embedded runner (no Inngest keys), end to
// end: inbound webhook POST -> process-event -> fan-out -> deliver -> signed POST to a local
// receiver. Phase 1 sends a steady trickle and measures ingest-to-delivery latency; phase 2
// sends a burst and measures deliveries/s until the receivers have everything. Prints a table.
// Needs `npm run build` (npm start builds when needed). Env: BENCH_RATE (events/s, 10),
// BENCH_DURATION (s, 10), BENCH_EVENTS (burst size, 1000), BENCH_ENDPOINTS (2),
// BENCH_TIMEOUT (s to wait for the last delivery of a phase, 120).

import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { everyTenant } from "@/domain/access/scope";
import { disconnectDb } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { startReceiver } from "../tests/support/receiver";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase } from "../tests/support/test-database";
import { answers, startServerProcess } from "./bench/server-process";

const RATE = Number(process.env.BENCH_RATE ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const BURST = Number(process.env.BENCH_EVENTS ?? 1000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 2);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT ?? 120) * 1000;
const BURST_CONNECTIONS = 50;
const PORT = 3311;
const WEBHOOK_URL = `http://127.0.0.1:${PORT}/api/webhooks/bench-delivery`;

/** One phase's bookkeeping: when each event was POSTed, and each first delivery's latency. */
interface Phase {
  name: string;
  sentAt: Map<string, number>;
  rejected: number;
  delivered: Set<string>; // "endpoint index:bench id": retries and duplicates count once
  latencies: number[];
  start: number;
  lastDeliveryAt: number;
}
const phases = new Map<string, Phase>();
let badSignatures = 0;

const started = Date.now();
if (await answers(PORT))
  throw new Error(`port ${PORT} is taken: the bench would load another server`);
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY = generateEncryptionKey(); // the child inherits it: same secrets
process.env.ALLOW_PRIVATE_ENDPOINTS = "true"; // the receivers listen on 127.0.0.1
const tenant = await createTenant(everyTenant, { name: "Bench", slug: "bench" });
await createSource(everyTenant, {
  tenantId: tenant.id,
  slug: "bench-delivery",
  name: "Bench delivery",
  verification: { scheme: "none" },
  idempotency: { from: "header", header: "x-idempotency-key" },
  eventType: { from: "path", path: "type" },
});
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
for (let index = 0; index < ENDPOINTS; index++) {
  let webhook: Webhook | undefined;
  // The reply callback runs on every request: it is where a delivery is checked and timed.
  const receiver = await startReceiver((_n, request) => {
    record(index, webhook, request);
    return { status: 200 };
  });
  const endpoint = await createEndpoint(everyTenant, {
    tenantId: tenant.id,
    url: receiver.url,
    eventTypes: ["*"],
  });
  webhook = new Webhook(endpoint.secret);
  receivers.push(receiver);
}
await disconnectDb();

let child: ChildProcess | undefined;
try {
  // Empty Inngest keys: keys would select Inngest mode, and this measures the embedded runner.
  child = await startServerProcess("node", ["scripts/start.mjs"], PORT, {
    SWITCHYARD_DATA_DIR: openTempDir("switchyard-bench-"),
    LOG_LEVEL: "warn",
    INNGEST_EVENT_KEY: "",
    INNGEST_SIGNING_KEY: "",
    INNGEST_DEV: "",
  });

  // Phase 1: open loop at a fixed rate, so a slow delivery never slows the sending.
  const latency = newPhase("latency");
  const sends: Promise<void>[] = [];
  for (let i = 0; i < RATE * DURATION_S; i++) {
    await sleep(latency.start + (i * 1000) / RATE - Date.now());
    sends.push(post(latency, `latency-${i}`));
  }
  await Promise.all(sends);
  await waitForDeliveries(latency);

  // Phase 2: a burst as fast as the server accepts it, BURST_CONNECTIONS requests in flight.
  const burst = newPhase("burst");
  let next = 0;
  const sender = async () => {
    while (next < BURST) await post(burst, `burst-${next++}`);
  };
  await Promise.all(Array.from({ length: BURST_CONNECTIONS }, sender));
  const ingestMs = Date.now() - burst.start;
  await waitForDeliveries(burst);

  console.log(
    `\nDelivery benchmark: embedded runner, ${ENDPOINTS} endpoint(s) (eventTypes ["*"], local receivers), ` +
      `latency phase ${RATE}/s for ${DURATION_S} s, burst of ${BURST} events over ${BURST_CONNECTIONS} connections ` +
      `(accepted in ${(ingestMs / 1000).toFixed(1)} s), wait limit ${TIMEOUT_MS / 1000} s per phase\n`,
  );
  console.log(
    "| phase | events accepted | deliveries received / expected | deliveries/s | drain s | p50 ms | p99 ms | max ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const phase of [latency, burst]) {
    const sorted = [...phase.latencies].sort((a, b) => a - b);
    const expected = (phase.sentAt.size - phase.rejected) * ENDPOINTS;
    // Without every delivery the phase never drained: the rate is of those that came.
    const drainMs = phase.lastDeliveryAt ? phase.lastDeliveryAt - phase.start : 0;
    const perSecond = drainMs > 0 ? Math.round(phase.delivered.size / (drainMs / 1000)) : 0;
    const drain = phase.delivered.size < expected ? "timed out" : (drainMs / 1000).toFixed(1);
    console.log(
      `| ${phase.name} | ${phase.sentAt.size - phase.rejected} | ${phase.delivered.size} / ${expected} | ${perSecond} | ` +
        `${drain} | ${percentile(sorted, 0.5)} | ${percentile(sorted, 0.99)} | ${sorted.at(-1) ?? "-"} |`,
    );
  }
  console.log(
    "\ndeliveries/s and drain: first POST of the phase to the last delivery received. " +
      `Latency: inbound POST sent -> signed outbound request received. Bad signatures: ${badSignatures}.`,
  );
  console.log(`Run took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  const server = child;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  for (const receiver of receivers) await receiver.stop();
  await database.drop();
}
process.exit(0);

function newPhase(name: string): Phase {
  const phase: Phase = {
    ...{ name, sentAt: new Map(), rejected: 0, delivered: new Set(), latencies: [] },
    ...{ start: Date.now(), lastDeliveryAt: 0 },
  };
  phases.set(name, phase);
  return phase;
}

/** POSTs one event; its bench id is in the body, which the outbound request carries as data. */
async function post(phase: Phase, benchId: string): Promise<void> {
  phase.sentAt.set(benchId, Date.now());
  const body = JSON.stringify({ type: "order.created", benchId, order: { total: 4200 } });
  try {
    const response = await fetch(WEBHOOK_URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-idempotency-key": randomUUID() },
      body,
    });
    await response.arrayBuffer(); // read to the end: the connection goes back to the pool
    if (response.status !== 202) phase.rejected++;
  } catch {
    phase.rejected++; // refused or reset: counted, the run goes on
  }
}

function record(
  endpoint: number,
  webhook: Webhook | undefined,
  request: { headers: Record<string, unknown>; body: string; at: number },
) {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, `${v}`]));
  try {
    webhook?.verify(request.body, headers);
  } catch {
    badSignatures++;
  }
  let benchId = "";
  try {
    benchId = String((JSON.parse(request.body) as { data?: { benchId?: string } }).data?.benchId);
  } catch {} // not ours (a body that is not JSON): ignored, as a missing id would be
  const phase = phases.get(benchId.split("-")[0] ?? "");
  const sentAt = phase?.sentAt.get(benchId);
  const key = `${endpoint}:${benchId}`;
  if (!phase || sentAt === undefined || phase.delivered.has(key)) return;
  phase.delivered.add(key);
  phase.latencies.push(request.at - sentAt);
  phase.lastDeliveryAt = Math.max(phase.lastDeliveryAt, request.at);
}

/** Until every accepted event reached every endpoint, or the time limit (reported, not thrown). */
async function waitForDeliveries(phase: Phase): Promise<void> {
  const expected = () => (phase.sentAt.size - phase.rejected) * ENDPOINTS;
  const deadline = Date.now() + TIMEOUT_MS;
  while (phase.delivered.size < expected() && Date.now() < deadline) await sleep(50);
  if (phase.delivered.size < expected()) {
    console.warn(
      `${phase.name}: timed out with ${phase.delivered.size} of ${expected()} deliveries`,
    );
  }
}

function percentile(sorted: number[], q: number): number | string {
  return sorted.length ? (sorted[Math.ceil(q * sorted.length) - 1] ?? "-") : "-";
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
