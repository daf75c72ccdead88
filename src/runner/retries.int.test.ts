import { randomUUID } from "node:crypto";
import { RetryAfterError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "./runner";
import { endedRun, eventually, startTestRunner, testClient, testDb } from "./test-app";

const db = testDb();
const client = testClient(db, "retries-test");
/** Start time of every call of the user code, per event id. */
const calls: Record<string, number[]> = {};
const record = (id: string) => {
  calls[id] = [...(calls[id] ?? []), Date.now()];
  return calls[id].length;
};
const backoffCalls: number[] = [];
const failures: { id: string; message: string; functionId: string }[] = [];

const alwaysThrows = client.createFunction(
  {
    id: "always-throws",
    triggers: [{ event: "retries/throw" }],
    retries: 3,
    onFailure: async ({ event, error }) => {
      failures.push({
        id: String(event.data.event.data.id),
        message: error.message,
        functionId: event.data.function_id,
      });
    },
  },
  async ({ event }) => {
    record(event.data.id);
    // Outside any step: a function-level error.
    throw new Error(`function-level failure ${event.data.id}`);
  },
);

const busyApi = client.createFunction(
  { id: "busy-api", triggers: [{ event: "retries/busy" }], retries: 2 },
  async ({ event, step }) =>
    step.run("call-api", () => {
      if (record(event.data.id) === 1) throw new RetryAfterError("busy", "2s");
      return "done";
    }),
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(client, [alwaysThrows, busyApi], {
    backoff: (attempt) => {
      backoffCalls.push(attempt);
      return 100 * 2 ** (attempt - 1);
    },
  });
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

describe("retries", () => {
  it("retries a function-level error with backoff, fails the run, then runs onFailure", async () => {
    const id = randomUUID();
    backoffCalls.length = 0;
    await client.send({ name: "retries/throw", data: { id } });
    const run = await endedRun(db, "retries-test-always-throws", id);

    expect(run.status).toBe("failed");
    expect(run.attempt).toBe(3); // the 4th call (retries: 3) was the last
    expect(JSON.stringify(run.error)).toContain(`function-level failure ${id}`);
    expect(backoffCalls).toEqual([1, 2, 3]);
    const starts = calls[id] ?? [];
    expect(starts).toHaveLength(4);
    // Each retry waited at least what backoff(attempt) asked for: 100, 200, 400 ms.
    [100, 200, 400].forEach((delay, i) => {
      expect((starts[i + 1] ?? 0) - (starts[i] ?? 0)).toBeGreaterThanOrEqual(delay);
    });

    const failure = await eventually(async () => failures.find((f) => f.id === id));
    expect(failure.message).toContain(`function-level failure ${id}`);
    expect(failure.functionId).toBe("retries-test-always-throws");
    const handlerRun = await eventually(() =>
      db.jobRun.findFirst({
        where: { functionId: "retries-test-always-throws-failure", status: "completed" },
      }),
    );
    expect((handlerRun.event as { name: string }).name).toBe("inngest/function.failed");
  });

  it("waits for a RetryAfterError's delay before retrying the step", async () => {
    const id = randomUUID();
    backoffCalls.length = 0;
    await client.send({ name: "retries/busy", data: { id } });
    const run = await endedRun(db, "retries-test-busy-api", id);

    expect(run.status).toBe("completed");
    expect(run.output).toBe("done");
    const [first, second] = calls[id] ?? [];
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_950);
    expect(backoffCalls).toEqual([]); // retry-after, not the runner's backoff
    expect(run.steps.map((s) => [s.name, s.retries])).toEqual([["call-api", 1]]);
  });
});
