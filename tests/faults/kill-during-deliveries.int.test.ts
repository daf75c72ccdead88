import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { type AppProcess, startAppProcess } from "../support/app-process";
import { adminCall, type FaultSetup, faultSetup, query } from "../support/fault-kit";
import { startReceiver } from "../support/receiver";

// Deliveries are at least once (PRODUCT.md): the app is killed with SIGKILL while a burst of
// published events is being delivered; after a restart every delivery ends succeeded. Requests
// the endpoint received but the dead process never recorded are sent again: such duplicates
// are counted, and there are never more than the deliveries in flight at the kill.
const EVENTS = 200;
let setup: FaultSetup;
let app: AppProcess | undefined;
let tenantId = "";
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // Slow enough that the kill finds deliveries on the wire.
  receiver = await startReceiver(() => ({ status: 200, delayMs: 1_000 }));
  setup = await faultSetup({
    ALLOW_PRIVATE_ENDPOINTS: "true",
    DELIVERY_RETRY_SCHEDULE: "1s,1s,2s",
  });
  app = await startAppProcess(setup.env);
  const tenant = await adminCall(app.url, "POST", "/tenants", {
    name: "Kill during deliveries",
    slug: `kill-deliveries-${Date.now()}`,
  });
  tenantId = tenant.id;
  await adminCall(app.url, "POST", "/endpoints", { tenantId, url: receiver.url });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await receiver?.stop();
  await setup?.database.drop();
  if (setup) rmSync(setup.dataDir, { recursive: true, force: true });
}, 60_000);

/** Publishes EVENTS events from 20 loops. */
async function publishBurst(baseUrl: string): Promise<string[]> {
  const published: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let n = next++; n < EVENTS; n = next++) {
        const event = await adminCall(baseUrl, "POST", "/events", {
          tenantId,
          type: "order.created",
          data: { n },
        });
        published.push(event.id);
      }
    }),
  );
  return published;
}

const deliveryStatuses = () =>
  query<{ eventId: string; status: string }>(
    setup.database.url,
    `SELECT "eventId", status FROM "Delivery" WHERE "tenantId" = $1`,
    [tenantId],
  );

describe("the app is killed with SIGKILL while deliveries are in flight", () => {
  it("ends every delivery succeeded after a restart, with duplicates no more than those in flight", async () => {
    const running = app as AppProcess;
    const published = await publishBurst(running.url);
    expect(published.length).toBe(EVENTS);
    await eventually(async () => receiver.received.length >= 80, 30_000, "80 deliveries to arrive");
    await running.kill();
    const killedAt = Date.now();
    const receivedAtKill = receiver.received.length;
    expect(receivedAtKill).toBeLessThan(EVENTS);

    // In flight: received by the endpoint, not recorded as succeeded when the process died.
    const recorded = new Set(
      (await deliveryStatuses()).filter((d) => d.status === "succeeded").map((d) => d.eventId),
    );
    const idsAtKill = new Set(receiver.received.map((r) => String(r.headers["webhook-id"])));
    const inFlightAtKill = [...idsAtKill].filter((id) => !recorded.has(id)).length;

    app = await startAppProcess(setup.env);
    await eventually(
      async () => {
        const deliveries = await deliveryStatuses();
        return (
          deliveries.length >= published.length && deliveries.every((d) => d.status === "succeeded")
        );
      },
      110_000,
      "every delivery to succeed after the restart",
    );
    const settledMs = Date.now() - killedAt;
    const deliveries = await deliveryStatuses();
    const ids = receiver.received.map((r) => String(r.headers["webhook-id"]));
    const distinct = new Set(ids);
    const duplicates = ids.length - distinct.size;
    console.log(
      `kill during deliveries: ${deliveries.length} deliveries; ${receivedAtKill} requests received at the kill, ` +
        `${recorded.size} recorded succeeded, ${inFlightAtKill} in flight; ${ids.length} requests in all, ` +
        `${duplicates} duplicates (${((100 * duplicates) / deliveries.length).toFixed(1)} %); ` +
        `all succeeded ${settledMs} ms after the kill`,
    );

    // Every published event's delivery arrived, and every delivery that arrived was one of ours.
    expect(published.filter((id) => !distinct.has(id))).toEqual([]);
    expect(deliveries.map((d) => d.eventId).filter((id) => !distinct.has(id))).toEqual([]);
    expect(distinct.size).toBe(deliveries.length);
    // At least once, and a request the process recorded is never sent again.
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
    const detail = await adminCall(
      (app as AppProcess).url,
      "GET",
      `/deliveries?eventId=${published[0]}`,
    );
    expect(detail.items.map((d: { status: string }) => d.status)).toEqual(["succeeded"]);
    expect(app.output()).not.toMatch(/internal_error|Unhandled|uncaught/i);
  }, 170_000);
});
