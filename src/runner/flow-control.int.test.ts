import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "./runner";
import {
  endedRun,
  eventsProcessed,
  eventually,
  sleep,
  startTestRunner,
  testClient,
  testDb,
} from "./test-app";

const db = testDb();
const client = testClient(db, "flow-test");
/** When each run of `per-tenant` was inside its step. */
const inStep: { tenant: string; start: number; end: number }[] = [];
const afterNap: string[] = [];

const perTenant = client.createFunction(
  {
    id: "per-tenant",
    triggers: [{ event: "flow/tenant" }],
    concurrency: { key: "event.data.tenant", limit: 1 },
  },
  async ({ event, step }) => {
    await step.run("work", async () => {
      const start = Date.now();
      await sleep(400);
      inStep.push({ tenant: event.data.tenant, start, end: Date.now() });
    });
  },
);

const throttled = client.createFunction(
  {
    id: "throttled",
    triggers: [{ event: "flow/throttled" }],
    throttle: { limit: 2, period: "2s", key: "event.data.k" },
  },
  async () => "ok",
);

const orders = client.createFunction(
  { id: "orders", triggers: [{ event: "flow/order" }], idempotency: "event.data.orderId" },
  async ({ event }) => event.data.orderId as string,
);

const sleepy = client.createFunction(
  {
    id: "sleepy",
    triggers: [{ event: "flow/sleepy" }],
    cancelOn: [{ event: "flow/cancel", if: "event.data.id == async.data.id" }],
  },
  async ({ event, step }) => {
    await step.sleep("nap", "10s");
    await step.run("after-nap", () => afterNap.push(event.data.id));
  },
);

const filtered = client.createFunction(
  { id: "filtered", triggers: [{ event: "flow/filtered", if: "event.data.ok == true" }] },
  async ({ event }) => event.data.id as string,
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(db, client, [perTenant, throttled, orders, sleepy, filtered]);
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

describe("flow control", () => {
  it("runs one step at a time per concurrency key, without blocking other keys", async () => {
    const tenantA = randomUUID();
    const tenantB = randomUUID();
    await client.send([
      ...[1, 2, 3].map(() => ({ name: "flow/tenant", data: { tenant: tenantA } })),
      { name: "flow/tenant", data: { tenant: tenantB } },
    ]);
    await eventually(async () => inStep.length === 4);

    const a = inStep.filter((s) => s.tenant === tenantA).sort((x, y) => x.start - y.start);
    const b = inStep.find((s) => s.tenant === tenantB);
    expect(a).toHaveLength(3);
    for (let i = 1; i < a.length; i++)
      expect(a[i]?.start).toBeGreaterThanOrEqual(a[i - 1]?.end ?? Infinity);
    // B ran while A's runs were still queued behind each other.
    expect(b?.start).toBeLessThan(a[2]?.start ?? 0);
  });

  it("delays runs beyond the throttle limit to the next period", async () => {
    const k = randomUUID();
    await client.send([1, 2, 3, 4].map((n) => ({ name: "flow/throttled", data: { k, n } })));
    const runs = await eventually(async () => {
      const done = await db.jobRun.findMany({
        where: { functionId: "flow-test-throttled", throttleKey: k, status: "completed" },
        orderBy: { startedAt: "asc" },
      });
      return done.length === 4 ? done : null;
    });
    const [first, , third, fourth] = runs.map((run) => run.startedAt?.getTime() ?? 0);
    expect((third ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_950);
    expect((fourth ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_950);
  });

  it("starts one run per idempotency key", async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    for (const orderId of [first, first, second])
      await client.send({ name: "flow/order", data: { orderId } });
    await eventsProcessed(db, "flow/order");
    const runs = await db.jobRun.findMany({ where: { functionId: "flow-test-orders" } });
    expect(runs.map((run) => run.idempotencyKey).sort()).toEqual([first, second].sort());
  });

  it("cancels a sleeping run on a matching cancelOn event only", async () => {
    const [cancelled, kept] = [randomUUID(), randomUUID()];
    await client.send([cancelled, kept].map((id) => ({ name: "flow/sleepy", data: { id } })));
    await eventually(async () => {
      const sleeping = await db.jobRun.count({
        where: { functionId: "flow-test-sleepy", status: "waiting", steps: { some: {} } },
      });
      return sleeping === 2;
    });

    await client.send({ name: "flow/cancel", data: { id: cancelled } });
    const run = await endedRun(db, "flow-test-sleepy", cancelled);
    expect(run.status).toBe("cancelled");
    expect(run.endedAt).not.toBeNull();
    await eventsProcessed(db, "flow/cancel");
    const other = await db.jobRun.findFirstOrThrow({
      where: { functionId: "flow-test-sleepy", event: { path: ["data", "id"], equals: kept } },
    });
    expect(other.status).toBe("waiting");

    // Clean up: the other run is cancelled by its own event.
    await client.send({ name: "flow/cancel", data: { id: kept } });
    expect((await endedRun(db, "flow-test-sleepy", kept)).status).toBe("cancelled");
    expect(afterNap).toEqual([]);
  });

  it("starts runs only for events matching the trigger's if expression", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await client.send([
      { name: "flow/filtered", data: { id: ids[0], ok: true } },
      { name: "flow/filtered", data: { id: ids[1], ok: false } },
      { name: "flow/filtered", data: { id: ids[2], ok: "true" } },
      { name: "flow/filtered", data: { id: ids[3] } },
    ]);
    await eventsProcessed(db, "flow/filtered");
    const runs = await db.jobRun.findMany({ where: { functionId: "flow-test-filtered" } });
    expect(runs.map((run) => (run.event as { data: { id: string } }).data.id)).toEqual([ids[0]]);
    expect((await endedRun(db, "flow-test-filtered", ids[0] ?? "")).output).toBe(ids[0]);
  });
});
