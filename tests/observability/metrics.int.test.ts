// GET /metrics on the real HTTP server: refused without the token, and counting exactly what
// happened: webhooks (accepted, duplicate, refused), and deliveries attempted in the runner
// thread (the app's, as boot.ts starts it) or in the main process (as with Inngest).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db, disconnectDb } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import type { Runner } from "@/runner/runner";
import type { RunnerHealth } from "@/server/http/health";
import { startHttpServer } from "@/server/http/server";
import { type RunnerThread, startRunnerThread } from "@/server/runner-supervisor";
import { newSource, newTenant, postWebhook, startAppRunner, waitFor } from "../support/inbound-kit";
import { scrapeMetrics, seriesValue } from "../support/metrics";
import { startReceiver } from "../support/receiver";

const METRICS_TOKEN = "metrics-test-token";
const ADMIN_KEY = "metrics-test-admin-key";
process.env.METRICS_TOKEN = METRICS_TOKEN;
process.env.ADMIN_API_KEY = ADMIN_KEY;
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
process.env.DELIVERY_RETRY_SCHEDULE = "1s,1s";

let server: Server | undefined;
async function serve(runner: RunnerHealth): Promise<string> {
  server = await startHttpServer({ port: 0, dev: false, withNext: false, runner });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
async function stopServer() {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
}
afterAll(() => disconnectDb());

/** A signed source and an endpoint answering 500 once, then 200; posts three webhooks. */
async function webhooksAndADelivery(baseUrl: string) {
  const tenant = await newTenant("metrics");
  const source = await newSource(tenant.id, "metrics", {
    verification: { scheme: "shared_secret", secret: "metrics-secret" },
  });
  const receiver = await startReceiver((n) => ({ status: n === 1 ? 500 : 200 }));
  const endpoint = await createEndpoint(everyTenant, {
    tenantId: tenant.id,
    url: receiver.url,
    eventTypes: ["*"],
  });
  const signed = { "x-webhook-token": "metrics-secret" };
  expect((await postWebhook(baseUrl, source.slug, { order: 1 }, signed)).status).toBe(202);
  const again = await postWebhook(baseUrl, source.slug, { order: 1 }, signed);
  expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
  const wrong = { "x-webhook-token": "not-the-secret" };
  expect((await postWebhook(baseUrl, source.slug, { order: 2 }, wrong)).status).toBe(401);
  return { source, endpoint, receiver };
}

/** Asserts the webhook series of `slug` after webhooksAndADelivery. */
function expectWebhookCounts(text: string, slug: string) {
  const series = (name: string, labels: Record<string, string>) =>
    seriesValue(text, name, { source: slug, ...labels });
  expect(series("switchyard_webhook_requests_total", { status: "202" })).toBe(2);
  expect(series("switchyard_webhook_requests_total", { status: "401" })).toBe(1);
  expect(series("switchyard_webhook_events_total", { outcome: "accepted" })).toBe(1);
  expect(series("switchyard_webhook_events_total", { outcome: "duplicate" })).toBe(1);
  expect(series("switchyard_webhook_events_total", { outcome: "rejected" })).toBe(0);
  expect(series("switchyard_webhook_request_duration_seconds_count", { status: "202" })).toBe(2);
  expect(series("switchyard_webhook_request_duration_seconds_count", { status: "401" })).toBe(1);
}

/** Waits for both attempts (500, then 200 a second later) and asserts their series. */
async function expectAttempts(baseUrl: string, endpointId: string) {
  const attempts = (text: string, outcome: string, statusClass: string) =>
    seriesValue(text, "switchyard_delivery_attempts_total", {
      endpoint_id: endpointId,
      outcome,
      status_class: statusClass,
    });
  const text = await waitFor("both attempts counted", async () => {
    const { text } = await scrapeMetrics(baseUrl, METRICS_TOKEN);
    return attempts(text, "succeeded", "2xx") === 1 ? text : null;
  });
  expect(attempts(text, "retrying", "5xx")).toBe(1);
  const seconds = (suffix: string, labels: Record<string, string> = {}) =>
    seriesValue(text, `switchyard_delivery_attempt_duration_seconds_${suffix}`, {
      endpoint_id: endpointId,
      ...labels,
    });
  expect(seconds("count")).toBe(2);
  expect(seconds("bucket", { le: "+Inf" })).toBe(2);
  expect(seconds("sum")).toBeGreaterThanOrEqual(0);
  return text;
}

describe("GET /metrics with the embedded runner thread", () => {
  let thread: RunnerThread | undefined;
  let baseUrl = "";
  beforeAll(async () => {
    thread = await startRunnerThread();
    const running = thread;
    baseUrl = await serve({
      mode: "embedded",
      alive: () => running.alive(),
      metrics: () => running.metrics(),
    });
  });
  afterAll(async () => {
    await thread?.stop();
    await stopServer();
  });

  it("answers 401 without the metrics token or the admin key, 405 to a POST", async () => {
    for (const token of [undefined, "wrong-token", `${METRICS_TOKEN}x`, ""]) {
      const { status, text } = await scrapeMetrics(baseUrl, token);
      expect(status).toBe(401);
      expect(JSON.parse(text)).toMatchObject({ error: { code: "unauthorized" } });
    }
    const basic = await fetch(`${baseUrl}/metrics`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString("base64")}` },
    });
    expect(basic.status).toBe(401);
    const post = await fetch(`${baseUrl}/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(post.status).toBe(405);
    for (const token of [METRICS_TOKEN, ADMIN_KEY]) {
      const { status, type, text } = await scrapeMetrics(baseUrl, token);
      expect(status).toBe(200);
      expect(type).toContain("text/plain");
      expect(text).toContain("# TYPE switchyard_webhook_requests_total counter");
      expect(text).toContain("process_cpu_user_seconds_total");
    }
  });

  it("counts webhooks by source and status, and the thread's attempts by endpoint", async () => {
    const { source, endpoint, receiver } = await webhooksAndADelivery(baseUrl);
    const text = await expectAttempts(baseUrl, endpoint.id);
    expectWebhookCounts(text, source.slug);
    expect(receiver.received).toHaveLength(2);
    // The runner thread opened its pools; the runner's backlog is read when scraped.
    const pool = { thread: "runner", pool: "sql" };
    expect(seriesValue(text, "switchyard_db_pool_connections", pool)).toBeGreaterThan(0);
    expect(text).toMatch(/^switchyard_runner_due_runs \d+$/m);
    expect(text).toMatch(/^switchyard_runner_oldest_due_run_age_seconds [\d.e+-]+$/m);
    await receiver.stop();
  });

  it("counts requests to unknown sources under one label", async () => {
    const before = await scrapeMetrics(baseUrl, METRICS_TOKEN);
    const unknown = { source: "(unknown)", status: "404" };
    const count = (text: string) => seriesValue(text, "switchyard_webhook_requests_total", unknown);
    for (const slug of ["no-such-source-a", "no-such-source-b"])
      expect((await postWebhook(baseUrl, slug, {})).status).toBe(404);
    const after = await scrapeMetrics(baseUrl, METRICS_TOKEN);
    expect(count(after.text) - count(before.text)).toBe(2);
    expect(after.text).not.toContain("no-such-source");
  });
});

describe("GET /metrics when the functions run in this process (as with Inngest)", () => {
  let runner: Runner | undefined;
  let baseUrl = "";
  beforeAll(async () => {
    runner = await startAppRunner();
    baseUrl = await serve({ mode: "inngest", alive: () => false });
  });
  afterAll(async () => {
    await runner?.stop();
    await stopServer();
  });

  it("counts the attempts made here, and leaves the embedded runner's backlog out", async () => {
    const { source, endpoint, receiver } = await webhooksAndADelivery(baseUrl);
    const text = await expectAttempts(baseUrl, endpoint.id);
    expectWebhookCounts(text, source.slug);
    expect(text).not.toContain("switchyard_runner_due_runs");
    await receiver.stop();
  });
});

describe("the embedded runner's backlog on /metrics", () => {
  let baseUrl = "";
  const functionId = `metrics-test-unserved-${Date.now()}`;
  // No runner runs here: nothing but these inserts changes the runs table.
  beforeAll(async () => {
    baseUrl = await serve({ mode: "embedded", alive: () => false });
  });
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { functionId } });
    await stopServer();
  });

  it("counts due runs not leased, and the age of the oldest", async () => {
    const due = (text: string) => seriesValue(text, "switchyard_runner_due_runs");
    const before = await scrapeMetrics(baseUrl, METRICS_TOKEN);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const run = (id: string, fields: object) =>
      db.jobRun.create({ data: { id, functionId, event: {}, maxAttempts: 4, ...fields } });
    await run(`${functionId}-due`, { nextAt: hourAgo });
    await run(`${functionId}-waking`, { status: "waiting", nextAt: new Date(Date.now() - 1_000) });
    await run(`${functionId}-later`, { nextAt: new Date(Date.now() + 3_600_000) });
    await run(`${functionId}-leased`, {
      status: "running",
      nextAt: hourAgo,
      leasedBy: "elsewhere",
      leaseUntil: new Date(Date.now() + 60_000),
    });
    const after = await scrapeMetrics(baseUrl, METRICS_TOKEN);
    expect(due(after.text) - due(before.text)).toBe(2);
    const oldest = seriesValue(after.text, "switchyard_runner_oldest_due_run_age_seconds");
    expect(oldest).toBeGreaterThanOrEqual(3_600);
  });
});
