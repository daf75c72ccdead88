import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun } from "./queries";
import type { Runner } from "./runner";
import { endedRun, sleep, startTestRunner, testClient, testDb } from "./test-app";

const db = testDb();
const client = testClient(db, "steps-test");
const afterSleepAt: Record<string, number> = {};
const flakyCalls: Record<string, number> = {};

const sleepsUntil = client.createFunction(
  { id: "sleeps-until", triggers: [{ event: "steps/sleep-until" }] },
  async ({ event, step }) => {
    await step.sleepUntil("until", event.data.until as string);
    await step.run("after", () => {
      afterSleepAt[event.data.id] = Date.now();
    });
  },
);

const sender = client.createFunction(
  { id: "sender", triggers: [{ event: "steps/send" }] },
  async ({ event, step }) => {
    await step.sendEvent("notify", { name: "steps/child", data: { id: event.data.id } });
  },
);

const child = client.createFunction(
  { id: "child", triggers: [{ event: "steps/child" }] },
  async ({ event, step }) => ({ got: await step.run("echo", () => event.data.id as string) }),
);

const waits = client.createFunction(
  { id: "waits", triggers: [{ event: "steps/wait" }] },
  async ({ step }) => {
    await step.run("before", () => 1);
    return step.waitForEvent("approval", { event: "steps/approved", timeout: "1m" });
  },
);

const invokes = client.createFunction(
  { id: "invokes", triggers: [{ event: "steps/invoke" }] },
  async ({ step }) => step.invoke("call-child", { function: child, data: { id: "x" } }),
);

const recorded = client.createFunction(
  { id: "recorded", triggers: [{ event: "steps/recorded" }] },
  async ({ event, step }) => {
    await step.run("slow", () => sleep(150));
    await step.run("flaky", () => {
      flakyCalls[event.data.id] = (flakyCalls[event.data.id] ?? 0) + 1;
      if (flakyCalls[event.data.id] === 1) throw new Error("first attempt fails");
      return 42;
    });
    await step.sleep("nap", "100ms");
    return { done: true };
  },
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(client, [sleepsUntil, sender, child, waits, invokes, recorded]);
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

describe("steps", () => {
  it("step.sleepUntil resumes no earlier than the given time", async () => {
    const id = randomUUID();
    const until = new Date(Date.now() + 1_000).toISOString();
    await client.send({ name: "steps/sleep-until", data: { id, until } });
    const run = await endedRun(db, "steps-test-sleeps-until", id);
    expect(run.status).toBe("completed");
    expect(afterSleepAt[id]).toBeGreaterThanOrEqual(Date.parse(until));
    expect(run.steps.map((s) => [s.name, s.op])).toEqual([
      ["until", "Sleep"],
      ["after", "StepRun"],
    ]);
  });

  it("step.sendEvent triggers another function", async () => {
    const id = randomUUID();
    await client.send({ name: "steps/send", data: { id } });
    const parent = await endedRun(db, "steps-test-sender", id);
    expect(parent.status).toBe("completed");
    expect(parent.steps.map((s) => [s.name, s.op])).toEqual([["notify", "StepRun"]]);
    const run = await endedRun(db, "steps-test-child", id);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ got: id });
  });

  it("fails a run that uses step.waitForEvent or step.invoke, saying why", async () => {
    const id = randomUUID();
    await client.send([
      { name: "steps/wait", data: { id } },
      { name: "steps/invoke", data: { id } },
    ]);
    const waited = await endedRun(db, "steps-test-waits", id);
    expect(waited.status).toBe("failed");
    expect(JSON.stringify(waited.error)).toMatch(
      /WaitForEvent \(step \\"approval\\"\) is not supported by the embedded runner/,
    );
    expect(waited.steps.map((s) => s.name)).toEqual(["before"]);
    const invoked = await endedRun(db, "steps-test-invokes", id);
    expect(invoked.status).toBe("failed");
    expect(JSON.stringify(invoked.error)).toMatch(
      /InvokeFunction \(step \\"call-child\\"\) is not supported by the embedded runner/,
    );
  });

  it("stores each step's name, op, duration and retries, and the run's timings and output", async () => {
    const id = randomUUID();
    await client.send({ name: "steps/recorded", data: { id } });
    const { id: runId } = await endedRun(db, "steps-test-recorded", id);
    const run = await getRun(db, runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ done: true });
    expect(run?.attempt).toBe(0);
    expect(run?.steps.map((s) => [s.name, s.op, s.retries])).toEqual([
      ["slow", "StepRun", 0],
      ["flaky", "StepRun", 1],
      ["nap", "Sleep", 0],
    ]);
    expect(run?.steps[0]?.durationMs).toBeGreaterThanOrEqual(150);
    expect(run?.steps[1]?.result).toEqual({ data: 42 });
    const startedAt = run?.startedAt?.getTime() ?? 0;
    const endedAt = run?.endedAt?.getTime() ?? 0;
    expect(startedAt).toBeGreaterThan(0);
    for (const step of run?.steps ?? []) {
      expect(step.startedAt.getTime()).toBeGreaterThanOrEqual(startedAt);
      expect(step.endedAt.getTime()).toBeLessThanOrEqual(endedAt);
    }
    expect(endedAt - startedAt).toBeGreaterThanOrEqual(250); // the slow step and the nap
  });
});

describe("start-up", () => {
  const options = {
    debounce: { period: "1s" },
    rateLimit: { limit: 1, period: "1s" },
    priority: { run: "event.data.priority" },
    timeouts: { finish: "1m" },
    singleton: { key: "event.data.id", mode: "skip" },
  } as const;

  it("accepts concurrency written as a number, one rule or a list", async () => {
    type Rule = { limit: number; key: string };
    const forms: (number | Rule | [Rule])[] = [
      3,
      { limit: 2, key: "event.data.id" },
      [{ limit: 1, key: "event.data.id" }],
    ];
    const fns = forms.map((concurrency, i) =>
      client.createFunction(
        { id: `concurrency-${i}`, triggers: [{ event: "steps/never" }], concurrency },
        async () => null,
      ),
    );
    // No workers: this second runner must not take the first one's events.
    const other = await startTestRunner(client, fns, { concurrency: 0 });
    await other.stop();
    expect(other.functions.map((fn) => fn.concurrency)).toEqual([
      [{ limit: 3 }],
      [{ limit: 2, key: "event.data.id" }],
      [{ limit: 1, key: "event.data.id" }],
    ]);
  });

  it.each(Object.entries(options))("refuses a function with %s", async (option, value) => {
    const fn = client.createFunction(
      { id: `uses-${option}`, triggers: [{ event: "steps/never" }], [option]: value },
      async () => null,
    );
    await expect(startTestRunner(client, [sender, fn])).rejects.toThrow(
      `The embedded runner cannot run function "steps-test-uses-${option}": the "${option}" option is not supported`,
    );
  });
});
