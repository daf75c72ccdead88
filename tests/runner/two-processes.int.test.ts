// Two runner processes on one database share the work and never execute a step twice.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { runnerFixtureApp, SIDE_TABLE_SQL, THREE_FN } from "../fixtures/runner-functions";
import { killAllWorkers, spawnWorker, type WorkerProcess } from "./worker-process";

const db = createDb(process.env.DATABASE_URL ?? "");
const app = runnerFixtureApp(db);
const RUNS = 100;

beforeAll(async () => {
  await db.$executeRawUnsafe(SIDE_TABLE_SQL);
});
afterAll(async () => {
  await killAllWorkers();
  await db.$disconnect();
});

describe("two runner processes on one database", () => {
  it("complete every run, executing each step exactly once, and both do work", async () => {
    const batch = randomUUID();
    const settings = { RUNNER_CONCURRENCY: "5", RUNNER_STEP_MS: "20", RUNNER_LEASE_MS: "10000" };
    const workers: WorkerProcess[] = await Promise.all([
      spawnWorker(settings),
      spawnWorker(settings),
    ]);

    await app.client.send(
      Array.from({ length: RUNS }, (_, i) => ({
        name: "fixture/three",
        data: { key: `${batch}:${i}`, batch },
      })),
    );
    const inBatch = { functionId: THREE_FN, event: { path: ["data", "batch"], equals: batch } };
    const deadline = Date.now() + 120_000;
    for (;;) {
      const finished = await db.jobRun.count({
        where: { ...inBatch, status: { in: ["completed", "failed", "cancelled"] } },
      });
      if (finished === RUNS) break;
      if (Date.now() > deadline) throw new Error(`Only ${finished} of ${RUNS} runs finished`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(workers.map((worker) => worker.stop()));

    const runs = await db.jobRun.findMany({
      where: inBatch,
      include: { steps: { orderBy: { endedAt: "asc" } } },
    });
    expect(runs).toHaveLength(RUNS);
    for (const run of runs) {
      expect(run.status).toBe("completed");
      expect(run.steps.map((s) => s.name)).toEqual(["a", "b", "c"]);
      expect(run.output).toEqual({ key: (run.event as { data: { key: string } }).data.key });
    }
    // One run per event: the events were turned into runs once.
    expect(new Set(runs.map((run) => (run.event as { data: { key: string } }).data.key)).size).toBe(
      RUNS,
    );

    const executions = await db.$queryRaw<{ run_key: string; step: string; times: number }[]>`
      SELECT run_key, step, count(*)::int AS times FROM runner_side_effects
      WHERE run_key LIKE ${`${batch}:%`} GROUP BY run_key, step`;
    expect(executions).toHaveLength(RUNS * 3);
    expect(executions.filter((row) => row.times !== 1)).toEqual([]);

    const byPid = await db.$queryRaw<{ pid: number; steps: number }[]>`
      SELECT pid, count(*)::int AS steps FROM runner_side_effects
      WHERE run_key LIKE ${`${batch}:%`} GROUP BY pid ORDER BY pid`;
    // Only the two runner processes executed steps, and each of them some.
    expect(byPid.map((row) => row.pid)).toEqual(workers.map((w) => w.pid).sort((a, b) => a - b));
    for (const row of byPid) expect(row.steps).toBeGreaterThan(0);
  });
});
