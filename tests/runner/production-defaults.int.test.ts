import { randomUUID } from "node:crypto";
import { serve } from "inngest/edge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "@/runner/runner";
import { startRunner } from "@/runner/runner";
import { endedRun, eventually, sleep, testClient, testDb } from "@/runner/test-app";

// The runner as the app starts it: no test poll interval, backoff or lease. Other suites poll
// every 100 ms, which would hide a broken LISTEN/NOTIFY wake-up or default.
const db = testDb();
const client = testClient(db, "defaults-test");
const ranAt: Record<string, number[]> = {};
const releases: Record<string, () => void> = {};

const quick = client.createFunction(
  { id: "quick", triggers: [{ event: "defaults/quick" }] },
  async ({ event, step }) => {
    await step.run("note", () => {
      ranAt[event.data.id] = [Date.now()];
    });
  },
);

const flaky = client.createFunction(
  { id: "flaky", triggers: [{ event: "defaults/flaky" }] },
  async ({ event, step }) => {
    await step.run("fails-once", () => {
      const times = [...(ranAt[event.data.id] ?? []), Date.now()];
      ranAt[event.data.id] = times;
      if (times.length === 1) throw new Error("first attempt fails");
    });
  },
);

const held = client.createFunction(
  { id: "held", triggers: [{ event: "defaults/held" }] },
  async ({ event, step }) => {
    await step.run(
      "wait",
      () => new Promise<void>((resolve) => (releases[event.data.id] = resolve)),
    );
  },
);

let runner: Runner;
beforeAll(async () => {
  runner = await startRunner({
    databaseUrl: process.env.DATABASE_URL ?? "",
    handler: serve({ client, functions: [quick, flaky, held] }),
  });
});
afterAll(async () => {
  for (const release of Object.values(releases)) release();
  await runner.stop();
  await db.$disconnect();
});

describe("the runner with production defaults", () => {
  it("starts runs on a NOTIFY, well before its one-second poll would", async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(1_100); // idle: every worker is waiting
      const id = randomUUID();
      const sentAt = Date.now();
      await client.send({ name: "defaults/quick", data: { id } });
      await eventually(async () => ranAt[id], 5_000, "the quick run");
      latencies.push((ranAt[id]?.[0] ?? 0) - sentAt);
    }
    latencies.sort((a, b) => a - b);
    // Polling alone would give a median near 500 ms.
    expect(latencies[2]).toBeLessThan(300);
  });

  it("retries a failed step after the default backoff of about a second", async () => {
    const id = randomUUID();
    await client.send({ name: "defaults/flaky", data: { id } });
    const run = await endedRun(db, "defaults-test-flaky", id, 15_000);
    expect(run.status).toBe("completed");
    const [first = 0, second = 0] = ranAt[id] ?? [];
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(second - first).toBeLessThan(3_000);
  });

  it("holds a run under a lease of about 30 seconds while its step runs", async () => {
    const id = randomUUID();
    await client.send({ name: "defaults/held", data: { id } });
    await eventually(async () => releases[id], 5_000, "the held step to start");
    const [row] = await db.$queryRaw<{ leaseSeconds: number }[]>`
      SELECT extract(epoch FROM ("leaseUntil" - now()))::float8 AS "leaseSeconds" FROM "JobRun"
      WHERE "functionId" = 'defaults-test-held' AND event->'data'->>'id' = ${id}`;
    expect(row?.leaseSeconds).toBeGreaterThan(20);
    expect(row?.leaseSeconds).toBeLessThanOrEqual(30);
    releases[id]?.();
    expect((await endedRun(db, "defaults-test-held", id)).status).toBe("completed");
  });
});
