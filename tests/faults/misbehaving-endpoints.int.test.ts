import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { type AppProcess, startAppProcess } from "../support/app-process";
import { adminCall, type FaultSetup, faultSetup, type Json } from "../support/fault-kit";
import { type Misbehaviour, startMisbehavingEndpoint } from "../support/misbehaving-endpoint";
import { startReceiver } from "../support/receiver";

// Endpoints that hang, reset the connection, trickle their answer or answer 10 MB, with
// DELIVERY_TIMEOUT=2s: every attempt is recorded and classified, none lasts much longer than
// the timeout, a 10 MB answer is cut at 4 KiB (never read whole), and a healthy endpoint's
// delivery published meanwhile still arrives at once: the workers are never stuck.
const TIMEOUT_MS = 2_000;
const MARGIN_MS = 1_500;
const EVENTS_EACH = 4;
const ATTEMPTS = 3; // DELIVERY_RETRY_SCHEDULE "1s,1s": a first attempt and two retries
const kinds: Misbehaviour[] = ["hang", "reset", "trickle", "trickle-body", "huge"];

let setup: FaultSetup;
let app: AppProcess;
let tenantId = "";
const endpoints = new Map<Misbehaviour, Awaited<ReturnType<typeof startMisbehavingEndpoint>>>();
let healthy: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  setup = await faultSetup({
    ALLOW_PRIVATE_ENDPOINTS: "true",
    DELIVERY_TIMEOUT: "2s",
    DELIVERY_RETRY_SCHEDULE: "1s,1s",
  });
  app = await startAppProcess(setup.env);
  tenantId = (
    await adminCall(app.url, "POST", "/tenants", {
      name: "Misbehaving endpoints",
      slug: `misbehaving-${Date.now()}`,
    })
  ).id;
  for (const kind of kinds) {
    const endpoint = await startMisbehavingEndpoint(kind);
    endpoints.set(kind, endpoint);
    await adminCall(app.url, "POST", "/endpoints", {
      tenantId,
      url: endpoint.url,
      eventTypes: [`fault.${kind}`],
    });
  }
  healthy = await startReceiver();
  await adminCall(app.url, "POST", "/endpoints", {
    tenantId,
    url: healthy.url,
    eventTypes: ["fault.healthy"],
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  for (const endpoint of endpoints.values()) await endpoint.stop();
  await healthy?.stop();
  await setup?.database.drop();
  if (setup) rmSync(setup.dataDir, { recursive: true, force: true });
}, 60_000);

const publish = (type: string, n: number) =>
  adminCall(app.url, "POST", "/events", { tenantId, type, data: { n } });

/** The event's one delivery with its attempts, once it has ended. */
async function endedDelivery(eventId: string): Promise<Json> {
  let ended: Json;
  await eventually(
    async () => {
      const list = await adminCall(app.url, "GET", `/deliveries?eventId=${eventId}`);
      const row = list.items[0];
      if (!row || row.status === "pending") return false;
      ended = await adminCall(app.url, "GET", `/deliveries/${row.id}`);
      return true;
    },
    60_000,
    `the delivery of ${eventId} to end`,
  );
  return ended;
}

describe("endpoints that misbehave", () => {
  it("records and classifies every attempt within the timeout, and keeps delivering to healthy endpoints", async () => {
    const published = new Map<Misbehaviour, string[]>();
    for (const kind of kinds) {
      const events = await Promise.all(
        Array.from({ length: EVENTS_EACH }, (_, n) => publish(`fault.${kind}`, n)),
      );
      published.set(
        kind,
        events.map((event) => event.id),
      );
    }
    // While the misbehaving endpoints hold their attempts (and retries), a healthy one is served.
    await eventually(
      async () => [...endpoints.values()].every((e) => e.stats.connections > 0),
      20_000,
      "every misbehaving endpoint to be called",
    );
    const healthyStarted = Date.now();
    const healthyEvent = await publish("fault.healthy", 0);
    await eventually(
      async () => healthy.received.some((r) => r.headers["webhook-id"] === healthyEvent.id),
      20_000,
      "the healthy endpoint's delivery",
    );
    const healthyMs = Date.now() - healthyStarted;

    const figures: string[] = [`healthy delivery arrived in ${healthyMs} ms`];
    for (const kind of kinds) {
      const deliveries = await Promise.all(
        (published.get(kind) ?? []).map((eventId) => endedDelivery(eventId)),
      );
      const attempts = deliveries.flatMap((delivery) => delivery.attempts as Json[]);
      const durations = attempts.map((attempt) => attempt.durationMs as number);
      figures.push(
        `${kind}: ${attempts.length} attempts, ${endpoints.get(kind)?.stats.connections} connections, ` +
          `${Math.min(...durations)}-${Math.max(...durations)} ms, ` +
          `${[...new Set(attempts.map((a) => a.errorKind ?? a.responseStatus))].join(" ")}`,
      );
      // Every attempt recorded: one per connection the endpoint saw.
      expect(attempts.length).toBe(endpoints.get(kind)?.stats.connections);
      expect(Math.max(...durations)).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      if (kind === "huge") {
        expect(deliveries.map((d) => d.status)).toEqual(Array(EVENTS_EACH).fill("succeeded"));
        for (const attempt of attempts) {
          expect(attempt.responseStatus).toBe(200);
          expect(attempt.error).toBeNull();
          expect(attempt.responseBody).toHaveLength(4096);
        }
        // Read up to 4 KiB, then the connection is closed: no answer was sent in full.
        expect(endpoints.get(kind)?.stats.fullAnswers).toBe(0);
        continue;
      }
      expect(deliveries.map((d) => d.status)).toEqual(Array(EVENTS_EACH).fill("failed"));
      expect(attempts.length).toBe(EVENTS_EACH * ATTEMPTS);
      for (const attempt of attempts) {
        expect(attempt.responseStatus).toBeNull();
        if (kind === "reset") {
          expect(attempt.errorKind).toBe("connect");
          expect(attempt.error).toMatch(/ECONNRESET|reset|socket hang up/i);
        } else {
          expect(attempt.errorKind).toBe("timeout");
          expect(attempt.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        }
      }
    }
    console.log(`misbehaving endpoints:\n  ${figures.join("\n  ")}`);
    expect(healthyMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(app.output()).not.toMatch(/internal_error|Unhandled|uncaught/i);
  }, 110_000);
});
