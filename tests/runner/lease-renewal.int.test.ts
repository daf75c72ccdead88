// A live worker keeps its lease for as long as a run takes, even when the run is made of
// many steps each shorter than the renewal interval: no other worker takes it over.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { type Runner, startRunner } from "@/runner/runner";
import { eventually } from "@/runner/test-app";
import { runnerFixtureApp, SHORT_STEPS_FN, SIDE_TABLE_SQL } from "../fixtures/runner-functions";

const databaseUrl = process.env.DATABASE_URL ?? "";
const db = createDb(databaseUrl);
const app = runnerFixtureApp(db);
const LEASE_MS = 1_500;
let runner: Runner | undefined;

beforeAll(async () => {
  await db.$executeRawUnsafe(SIDE_TABLE_SQL);
});
afterAll(async () => {
  await runner?.stop();
  await db.$disconnect();
});

describe("runner lease", () => {
  it("is kept across many short steps that together outlast it", async () => {
    const runKey = randomUUID();
    // Two workers: the second one would take the run over if the first one's lease ran out.
    runner = await startRunner({
      databaseUrl,
      handler: app.handler,
      concurrency: 2,
      leaseMs: LEASE_MS,
      pollMs: 100,
      backoff: () => 50,
    });
    // 10 steps of 300 ms: each shorter than the renewal interval (leaseMs / 3 = 500 ms),
    // 3 s in all, twice the lease.
    await app.client.send({
      name: "fixture/short-steps",
      data: { key: runKey, steps: 10, stepMs: 300 },
    });
    const run = await eventually(
      async () => {
        const found = await db.jobRun.findFirst({
          where: { functionId: SHORT_STEPS_FN, event: { path: ["data", "key"], equals: runKey } },
          include: { steps: true },
        });
        return found && ["completed", "failed", "cancelled"].includes(found.status) ? found : null;
      },
      60_000,
      "the run to finish",
    );
    expect(run.status).toBe("completed");
    expect(run.steps).toHaveLength(10);
    const executions = await db.$queryRaw<{ step: string; times: number }[]>`
      SELECT step, count(*)::int AS times FROM runner_side_effects
      WHERE run_key = ${runKey} GROUP BY step HAVING count(*) > 1`;
    expect(executions).toEqual([]);
  });
});
