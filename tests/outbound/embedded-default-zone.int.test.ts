import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { type AppProcess, startAppProcess } from "../support/app-process";
import { startReceiver } from "../support/receiver";
import { openTempDir } from "../support/temp-dir";

// USE-CASES 5 as a new user outside UTC gets it: `npm start` with nothing configured (embedded
// PostgreSQL, embedded runner) from a shell in New York, two tenants, patterns, a flaky
// endpoint retried on a 1s,1s,2s schedule, then a manual retry.
const ADMIN_KEY = "zone-test-admin-key";
const dataDir = openTempDir("switchyard-zone-");
let app: AppProcess;
let baseUrl = "";

interface DeliveryOut {
  status: string;
  attempts: { responseStatus: number | null; trigger: string }[];
}

async function api<T = { id: string }>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 400) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json as T;
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: "America/New_York",
    SWITCHYARD_DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    ALLOW_PRIVATE_ENDPOINTS: "true",
    DELIVERY_RETRY_SCHEDULE: "1s,1s,2s",
    LOG_LEVEL: "warn",
  };
  // The embedded default: no database, no key, no Inngest settings.
  for (const name of ["DATABASE_URL", "APP_ENCRYPTION_KEY", "INNGEST_EVENT_KEY", "INNGEST_DEV"])
    delete env[name];
  app = await startAppProcess(env);
  baseUrl = app.url;
}, 120_000);

afterAll(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("the embedded default in a shell west of UTC", () => {
  it("fans events out by pattern, retries a flaky endpoint on schedule and retries by hand", async () => {
    const flaky = await startReceiver((n) => ({ status: n <= 2 ? 500 : 200 }));
    const policies = await startReceiver();
    // Down for the whole schedule (4 attempts), then back: a retry by hand gets through.
    const other = await startReceiver((n) => ({ status: n <= 4 ? 503 : 200 }));
    const acme = await api("POST", "/tenants", { name: "Acme", slug: `acme-${Date.now()}` });
    const globex = await api("POST", "/tenants", { name: "Globex", slug: `globex-${Date.now()}` });
    const claims = await api("POST", "/endpoints", {
      tenantId: acme.id,
      url: flaky.url,
      eventTypes: ["claim.*"],
    });
    await api("POST", "/endpoints", {
      tenantId: acme.id,
      url: policies.url,
      eventTypes: ["policy.bound"],
    });
    await api("POST", "/endpoints", { tenantId: globex.id, url: other.url, eventTypes: ["*"] });

    const opened = await api("POST", "/events", {
      tenantId: acme.id,
      type: "claim.opened",
      data: { claim: 1 },
    });
    await api("POST", "/events", { tenantId: acme.id, type: "policy.bound", data: { policy: 2 } });
    const settled = await api("POST", "/events", {
      tenantId: globex.id,
      type: "claim.settled",
      data: { claim: 3 },
    });

    await eventually(async () => flaky.received.length === 3, 30_000, "three attempts");
    await eventually(async () => policies.received.length === 1, 10_000, "the policy event");
    const gaps = flaky.received.slice(1).map((r, i) => r.at - (flaky.received[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
    for (const gap of gaps) expect(gap).toBeLessThan(5_000);
    expect(JSON.parse(policies.received[0]?.body ?? "{}")).toMatchObject({ type: "policy.bound" });

    const { items } = await api<{ items: { id: string }[] }>(
      "GET",
      `/deliveries?eventId=${opened.id}&endpointId=${claims.id}`,
    );
    const succeeded = await eventually(async () => {
      const delivery = await api<DeliveryOut>("GET", `/deliveries/${items[0]?.id}`);
      return delivery.status === "succeeded" ? delivery : null;
    });
    expect(succeeded.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 200]);

    // The other tenant's endpoint saw only its own event, four times, then gave up.
    const { items: failed } = await api<{ items: { id: string; status: string }[] }>(
      "GET",
      `/deliveries?eventId=${settled.id}`,
    );
    const deliveryId = failed[0]?.id;
    await eventually(
      async () => (await api<DeliveryOut>("GET", `/deliveries/${deliveryId}`)).status === "failed",
      30_000,
      "the other tenant's delivery to fail",
    );
    expect(other.received.map((r) => JSON.parse(r.body).type)).toEqual(
      Array(4).fill("claim.settled"),
    );

    await api("POST", `/deliveries/${deliveryId}/retry`);
    const retried = await eventually(async () => {
      const delivery = await api<DeliveryOut>("GET", `/deliveries/${deliveryId}`);
      return delivery.status === "succeeded" ? delivery : null;
    });
    expect(retried.attempts.map((a) => a.trigger)).toEqual([
      "schedule",
      "schedule",
      "schedule",
      "schedule",
      "manual",
    ]);
    expect(retried.attempts.at(-1)?.responseStatus).toBe(200);
    for (const receiver of [flaky, policies, other]) await receiver.stop();
  }, 90_000);

  it("stops on SIGTERM in order: work first, the database last", async () => {
    expect(await app.stop()).toBe(0);
    // Nothing still working found the database gone (it used to stop at the signal too).
    expect(app.output()).not.toMatch(/shutting down|57P03|terminating connection/);
  }, 30_000);
});
