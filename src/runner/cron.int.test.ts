import { afterAll, describe, expect, it } from "vitest";
import type { Runner } from "./runner";
import { eventually, startTestRunner, testClient, testDb } from "./test-app";

const db = testDb();
const client = testClient(db, "cron-test");
const ticks: string[] = [];

const everySecond = client.createFunction(
  { id: "every-second", triggers: [{ cron: "* * * * * *" }] },
  async ({ event }) => {
    ticks.push(event.name);
    return { name: event.name };
  },
);

const runners: Runner[] = [];
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
  // Runs due after the stop would be failed by later files' runners ("no function served").
  await db.jobRun.deleteMany({ where: { functionId: "cron-test-every-second" } });
  await db.$disconnect();
});

describe("cron triggers", () => {
  it("starts one run per tick of a 6-field (seconds) cron, even with two runners ticking", async () => {
    const started = Date.now();
    for (const workerId of ["cron-a", "cron-b"])
      runners.push(await startTestRunner(client, [everySecond], { workerId }));

    const runs = await eventually(async () => {
      const done = await db.jobRun.findMany({
        where: { functionId: "cron-test-every-second", status: "completed" },
      });
      return done.length >= 3 ? done : null;
    }, 10_000);
    await Promise.all(runners.map((runner) => runner.stop()));
    const elapsedS = (Date.now() - started) / 1000;

    const all = await db.jobRun.findMany({ where: { functionId: "cron-test-every-second" } });
    const events = all.map((run) => run.event as { name: string; ts: number });
    expect(new Set(events.map((e) => e.name))).toEqual(new Set(["inngest/scheduled.timer"]));
    // One run per second: no tick was started by both runners.
    const tickTimes = events.map((e) => e.ts);
    expect(new Set(tickTimes).size).toBe(tickTimes.length);
    expect(tickTimes.every((ts) => ts % 1000 === 0)).toBe(true);
    expect(all.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
    expect(new Set(all.map((run) => run.idempotencyKey)).size).toBe(all.length);
    // The SDK accepted the timer event as this function's trigger and ran it.
    expect(runs[0]?.output).toEqual({ name: "inngest/scheduled.timer" });
    expect(ticks.length).toBeGreaterThanOrEqual(3);
  });
});
