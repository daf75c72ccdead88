import { randomUUID } from "node:crypto";
import { NonRetriableError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "./runner";
import { eventually, startTestRunner, testClient, testDb } from "./test-app";

const db = testDb();
const client = testClient(db);
const calls: Record<string, number> = {};
const count = (key: string) => {
  calls[key] = (calls[key] ?? 0) + 1;
};

const threeSteps = client.createFunction(
  { id: "three-steps", triggers: [{ event: "test/three" }] },
  async ({ event, step }) => {
    const a = await step.run("a", () => {
      count(`a:${event.data.id}`);
      return 1;
    });
    const b = await step.run("b", () => a + 1);
    const c = await step.run("c", () => b + 1);
    return { sum: a + b + c };
  },
);

const parallel = client.createFunction(
  { id: "parallel", triggers: [{ event: "test/parallel" }] },
  async ({ step }) => {
    const [x, y] = await Promise.all([step.run("x", () => "x"), step.run("y", () => "y")]);
    await step.sleep("nap", "1s");
    return `${x}${y}`;
  },
);

const flaky = client.createFunction(
  { id: "flaky", triggers: [{ event: "test/flaky" }], retries: 3 },
  async ({ event, step }) => {
    return step.run("flaky-step", () => {
      count(`flaky:${event.data.id}`);
      if ((calls[`flaky:${event.data.id}`] ?? 0) < 3) throw new Error("not yet");
      return "ok";
    });
  },
);

const hopeless = client.createFunction(
  { id: "hopeless", triggers: [{ event: "test/hopeless" }], retries: 5 },
  async ({ event, step }) => {
    await step.run("give-up", () => {
      count(`hopeless:${event.data.id}`);
      throw new NonRetriableError("no point retrying");
    });
  },
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(client, [threeSteps, parallel, flaky, hopeless]);
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

async function finishedRun(functionId: string, id: string) {
  return eventually(async () => {
    const run = await db.jobRun.findFirst({
      where: { functionId, event: { path: ["data", "id"], equals: id } },
      include: { steps: { orderBy: { endedAt: "asc" } } },
    });
    return run && ["completed", "failed", "cancelled"].includes(run.status) ? run : null;
  });
}

describe("embedded runner", () => {
  it("runs an event-triggered function step by step and stores every step", async () => {
    const id = randomUUID();
    await client.send({ name: "test/three", data: { id } });
    const run = await finishedRun("runner-test-three-steps", id);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ sum: 6 });
    expect(run.steps.map((s) => s.name)).toEqual(["a", "b", "c"]);
    expect(calls[`a:${id}`]).toBe(1);
  });

  it("runs parallel steps and sleeps", async () => {
    const id = randomUUID();
    const sent = Date.now();
    await client.send({ name: "test/parallel", data: { id } });
    const run = await finishedRun("runner-test-parallel", id);
    expect(run.output).toBe("xy");
    expect(run.steps.map((s) => s.name).sort()).toEqual(["nap", "x", "y"]);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1_000);
  });

  it("retries a failing step until it succeeds", async () => {
    const id = randomUUID();
    await client.send({ name: "test/flaky", data: { id } });
    const run = await finishedRun("runner-test-flaky", id);
    expect(run.status).toBe("completed");
    expect(calls[`flaky:${id}`]).toBe(3);
    expect(run.steps[0]?.retries).toBe(2);
  });

  it("does not retry a NonRetriableError", async () => {
    const id = randomUUID();
    await client.send({ name: "test/hopeless", data: { id } });
    const run = await finishedRun("runner-test-hopeless", id);
    expect(run.status).toBe("failed");
    expect(calls[`hopeless:${id}`]).toBe(1);
    expect(JSON.stringify(run.error)).toContain("no point retrying");
  });
});
