import { randomUUID } from "node:crypto";
import { serve } from "inngest/edge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import type { Runner } from "./runner";
import {
  endedRun,
  eventsProcessed,
  eventually,
  startTestRunner,
  testClient,
  testDb,
} from "./test-app";

// What makes the embedded runner durable the way Inngest is: sleeps beside steps, failure
// handlers that always hear of a failure, sends that happen once, keys that expire, and the
// checkpointing mode Inngest itself runs functions in.
const db = testDb();
const client = testClient(db, "durability-test");
const calls: Record<string, number> = {};
const workRanAt: Record<string, number> = {};
const sendAttempts: Record<string, number> = {};
const failuresHeard: string[] = [];

const racer = client.createFunction(
  { id: "racer", triggers: [{ event: "dur/race" }] },
  async ({ event, step }) => {
    const winner = await Promise.race([
      step.sleep("timeout", "2s").then(() => "timeout"),
      step.run("work", () => {
        workRanAt[event.data.id] = Date.now();
        return "work";
      }),
    ]);
    return { winner };
  },
);

const lostWorker = client.createFunction(
  {
    id: "lost-worker",
    triggers: [{ event: "dur/lost" }],
    retries: 1,
    onFailure: async ({ event }) => {
      failuresHeard.push(event.data.event.data.id as string);
    },
  },
  async () => "never reached",
);

const sender = client.createFunction(
  { id: "sender", triggers: [{ event: "dur/send" }] },
  async ({ event, step, runId }) => {
    await step.run("send", async () => {
      await client.send({ name: "dur/sent", data: { id: event.data.id } });
      sendAttempts[event.data.id] = (sendAttempts[event.data.id] ?? 0) + 1;
      // The first time, another worker takes the run over before this step's result is stored.
      if (sendAttempts[event.data.id] === 1)
        await db.$executeRaw`UPDATE "JobRun" SET "leasedBy" = 'thief', "leaseUntil" = now() - interval '1 second' WHERE id = ${runId}`;
    });
    return "sent";
  },
);

const keyed = client.createFunction(
  { id: "keyed", triggers: [{ event: "dur/keyed" }], idempotency: "event.data.orderId" },
  async () => "ok",
);

const threeSteps = client.createFunction(
  { id: "three-steps", triggers: [{ event: "dur/three" }] },
  async ({ event, step }) => {
    const a = await step.run("a", () => 1);
    const b = await step.run("b", () => a + 1);
    const c = await step.run("c", () => b + 1);
    return { id: event.data.id, c };
  },
);

let runner: Runner;
beforeAll(async () => {
  const handler = serve({ client, functions: [racer, lostWorker, sender, keyed, threeSteps] });
  runner = await startTestRunner(client, [], {
    // Counts the SDK calls each run needed.
    handler: async (request) => {
      const runId = await request
        .clone()
        .json()
        .then((body: { ctx?: { run_id?: string } }) => body.ctx?.run_id)
        .catch(() => undefined);
      if (runId) calls[runId] = (calls[runId] ?? 0) + 1;
      return handler(request);
    },
  });
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

describe("durability", () => {
  it("runs a step planned beside a sleep at once, and lets it win the race", async () => {
    const id = randomUUID();
    const sentAt = Date.now();
    await client.send({ name: "dur/race", data: { id } });
    const run = await endedRun(db, "durability-test-racer", id);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ winner: "work" });
    // Planned beside the sleep, it ran before the sleep was over (not after, as a memoized
    // sleep would have it).
    expect((workRanAt[id] ?? Number.POSITIVE_INFINITY) - sentAt).toBeLessThan(2_000);
  });

  it("a run failed because its worker was lost too often still runs its failure handler", async () => {
    const id = randomUUID();
    // A run whose worker died on its last attempt: its lease ran out long ago.
    await db.$executeRaw`
      INSERT INTO "JobRun" (id, "functionId", event, status, "maxAttempts", attempt, "leasedBy",
        "leaseUntil", "nextAt", "updatedAt")
      VALUES (${newId("jobRun")}, 'durability-test-lost-worker',
        ${JSON.stringify({ name: "dur/lost", data: { id } })}::jsonb, 'running', 2, 1,
        'dead-worker', now() - interval '1 minute', now() - interval '1 minute', now())`;
    const run = await endedRun(db, "durability-test-lost-worker", id);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ name: "WorkerLost" });
    await eventually(async () => failuresHeard.includes(id), 10_000, "the failure handler");
  });

  it("stores an event sent by a step once, even when the step ran twice after a lost lease", async () => {
    const id = randomUUID();
    await client.send({ name: "dur/send", data: { id } });
    const run = await endedRun(db, "durability-test-sender", id);
    expect(run.status).toBe("completed");
    expect(sendAttempts[id]).toBe(2);
    const sent = await db.jobEvent.count({
      where: { name: "dur/sent", data: { path: ["id"], equals: id } },
    });
    expect(sent).toBe(1);
  });

  it("stores an event with its sender's id once within 24 hours, and again after", async () => {
    const key = `order-${randomUUID()}`;
    await client.send({ id: key, name: "dur/keyed", data: { orderId: randomUUID() } });
    await client.send({ id: key, name: "dur/keyed", data: { orderId: randomUUID() } });
    expect(await db.jobEvent.count({ where: { key } })).toBe(1);
    await db.$executeRaw`UPDATE "JobEvent" SET "receivedAt" = now() - interval '25 hours' WHERE key = ${key}`;
    await client.send({ id: key, name: "dur/keyed", data: { orderId: "later" } });
    const stored = await db.jobEvent.findUniqueOrThrow({ where: { key } });
    expect(stored.data).toEqual({ orderId: "later" });
    expect(stored.processedAt).toBeNull();
  });

  it("stores an id repeated within one batch once", async () => {
    const key = `order-${randomUUID()}`;
    await client.send([1, 2].map((n) => ({ id: key, name: "dur/keyed", data: { n } })));
    const stored = await db.jobEvent.findUniqueOrThrow({ where: { key } });
    expect(stored.data).toEqual({ n: 1 });
  });

  it("forgets a function's idempotency key after 24 hours, and gives no key to an event without the field", async () => {
    const orderId = randomUUID();
    await client.send({ name: "dur/keyed", data: { orderId } });
    await eventsProcessed(db, "dur/keyed");
    await db.$executeRaw`UPDATE "JobRun" SET "createdAt" = now() - interval '25 hours' WHERE "idempotencyKey" = ${orderId}`;
    await client.send({ name: "dur/keyed", data: { orderId } });
    await client.send({ name: "dur/keyed", data: { orderId } });
    await eventsProcessed(db, "dur/keyed");
    const byKey = await db.jobRun.count({
      where: {
        functionId: "durability-test-keyed",
        event: { path: ["data", "orderId"], equals: orderId },
      },
    });
    expect(byKey).toBe(2);

    const marker = randomUUID();
    await client.send([1, 2].map((n) => ({ name: "dur/keyed", data: { marker, n } })));
    await eventsProcessed(db, "dur/keyed");
    const unkeyed = await db.jobRun.count({
      where: {
        functionId: "durability-test-keyed",
        event: { path: ["data", "marker"], equals: marker },
      },
    });
    expect(unkeyed).toBe(2);
  });

  it("runs steps inline and checkpoints them, as Inngest does: three steps in one call", async () => {
    const id = randomUUID();
    await client.send({ name: "dur/three", data: { id } });
    const run = await endedRun(db, "durability-test-three-steps", id);
    expect(run.output).toEqual({ id, c: 3 });
    expect(run.steps.map((s) => s.name)).toEqual(["a", "b", "c"]);
    expect(calls[run.id]).toBe(1);
  });
});
