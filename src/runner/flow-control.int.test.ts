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
/** The runner's workers: the keyed-concurrency test queues more runs than this. */
const WORKERS = 10;
/** Runs of `per-tenant` at once per tenant. */
const LIMIT = 2;
/** When each run of `per-tenant` was inside its step. */
const inStep: { tenant: string; start: number; end: number }[] = [];
const afterNap: string[] = [];

const perTenant = client.createFunction(
  {
    id: "per-tenant",
    triggers: [{ event: "flow/tenant" }],
    concurrency: { key: "event.data.tenant", limit: LIMIT },
  },
  async ({ event, step }) => {
    await step.run("work", async () => {
      const start = Date.now();
      await sleep(300);
      inStep.push({ tenant: event.data.tenant, start, end: Date.now() });
    });
  },
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

/** The events each run of `batched` was given, by key. */
const batchesSeen: { k: string; ns: number[] }[] = [];
const batched = client.createFunction(
  {
    id: "batched",
    triggers: [{ event: "flow/batched" }],
    batchEvents: { maxSize: 5, timeout: "5s", key: "event.data.k" },
    concurrency: { key: "event.data.k", limit: 1 },
  },
  async ({ events, step }) => {
    await step.run("work", async () => {
      batchesSeen.push({ k: events[0]?.data.k, ns: events.map((e) => e.data.n as number) });
      await sleep(200);
    });
  },
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(client, [perTenant, orders, sleepy, filtered, batched], {
    concurrency: WORKERS,
  });
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

describe("flow control", () => {
  it("keeps every key within its limit at every moment, with more runs queued than workers, and starves no key", async () => {
    const [busy, quiet] = [randomUUID(), randomUUID()];
    const queued = WORKERS * 2 + 5;
    await client.send([
      ...Array.from({ length: queued }, () => ({ name: "flow/tenant", data: { tenant: busy } })),
      ...Array.from({ length: LIMIT }, () => ({ name: "flow/tenant", data: { tenant: quiet } })),
    ]);
    await eventually(async () => inStep.length === queued + LIMIT, 30_000, "every run's step");

    const busyRuns = inStep.filter((s) => s.tenant === busy).sort((x, y) => x.start - y.start);
    const quietRuns = inStep.filter((s) => s.tenant === quiet);
    expect(busyRuns).toHaveLength(queued);
    // Never more than the limit at any moment, and the limit is used.
    expect(mostAtOnce(busyRuns), "busy key's runs at once").toBe(LIMIT);
    expect(mostAtOnce(quietRuns), "quiet key's runs at once").toBeLessThanOrEqual(LIMIT);
    // Queued after the busy key's backlog, the quiet key's runs do not wait it out: both are
    // done before the busy key's middle run starts.
    const middle = busyRuns[Math.floor(queued / 2)]?.start ?? 0;
    for (const run of quietRuns) expect(run.end, "a quiet run's end").toBeLessThan(middle);
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
        where: {
          functionId: "flow-test-sleepy",
          status: "waiting",
          NOT: { sleeps: { equals: [] } },
        },
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

  it("gives a batched function every event once, in batches of its key up to maxSize, without waiting for the timeout", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const sentAt = Date.now();
    await client.send({ name: "flow/batched", data: { k: b, n: 0 } });
    // A lone event starts at once (the runner does not hold it for the 5 s timeout).
    await eventually(async () => batchesSeen.some((x) => x.k === b), 3_000, "the lone event's run");
    expect(Date.now() - sentAt).toBeLessThan(2_000);

    const ns = Array.from({ length: 12 }, (_, n) => n);
    await client.send(ns.map((n) => ({ name: "flow/batched", data: { k: a, n } })));
    const runs = await eventually(async () => {
      const seen = batchesSeen.filter((x) => x.k === a);
      return seen.flatMap((x) => x.ns).length >= 12 ? seen : null;
    });
    expect(runs.flatMap((x) => x.ns).sort((x, y) => x - y)).toEqual(ns);
    for (const run of runs) expect(run.ns.length).toBeLessThanOrEqual(5);
    // One run at a time per key: the events that came meanwhile waited together.
    expect(runs.length).toBeLessThan(12);
    expect(batchesSeen.filter((x) => x.k === b).flatMap((x) => x.ns)).toEqual([0]);
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

/** The most of `spans` under way at any one moment (a span ending as another starts: not both). */
function mostAtOnce(spans: { start: number; end: number }[]): number {
  const edges = spans
    .flatMap((span) => [
      { at: span.start, change: 1 },
      { at: span.end, change: -1 },
    ])
    .sort((x, y) => x.at - y.at || x.change - y.change);
  let now = 0;
  let most = 0;
  for (const edge of edges) {
    now += edge.change;
    most = Math.max(most, now);
  }
  return most;
}
