// A runner process is killed with SIGKILL in the middle of a run; once its lease expires,
// another runner resumes the run from its stored steps and completes it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { type Runner, startRunner } from "@/runner/runner";
import { eventually } from "@/runner/test-app";
import { CRASH_FN, runnerFixtureApp, SIDE_TABLE_SQL } from "../fixtures/runner-functions";
import { killAllWorkers, spawnWorker } from "./worker-process";

const databaseUrl = process.env.DATABASE_URL ?? "";
const db = createDb(databaseUrl);
const app = runnerFixtureApp(db);
const LEASE_MS = 2_000;
let resumer: Runner | undefined;

beforeAll(async () => {
  await db.$executeRawUnsafe(SIDE_TABLE_SQL);
});
afterAll(async () => {
  await killAllWorkers();
  await resumer?.stop();
  await db.$disconnect();
});

const sideEffects = (runKey: string) =>
  db.$queryRaw<{ step: string; pid: number; at: Date }[]>`
    SELECT step, pid, at FROM runner_side_effects WHERE run_key = ${runKey} ORDER BY at, step`;

const findRun = (runKey: string) =>
  db.jobRun.findFirst({
    where: { functionId: CRASH_FN, event: { path: ["data", "key"], equals: runKey } },
    include: { steps: { orderBy: { endedAt: "asc" } } },
  });

describe("runner crash and resume", () => {
  it("resumes a run whose process was killed mid-step, without re-running stored steps", async () => {
    const runKey = randomUUID();
    const crashing = await spawnWorker({
      RUNNER_BLOCK_STEP2: "1",
      RUNNER_LEASE_MS: String(LEASE_MS),
      RUNNER_CONCURRENCY: "2",
    });
    await app.client.send({ name: "fixture/crash", data: { key: runKey, n: 4 } });

    // Step 1 is stored and step 2 is executing (it never ends in that process).
    await eventually(
      async () =>
        (await sideEffects(runKey)).some((row) => row.step === "s2" && row.pid === crashing.pid),
      60_000,
      "step 2 to start in the first process",
    );
    const before = await findRun(runKey);
    expect(before?.status).toBe("running");
    // Owned by the first process (by one of its workers).
    expect(before?.leasedBy?.startsWith(crashing.workerId)).toBe(true);
    expect(before?.steps.map((s) => s.name)).toEqual(["s1"]);

    await crashing.kill();
    // The dead process can no longer renew: this is when its lease runs out.
    const leaseUntil = (await findRun(runKey))?.leaseUntil;
    expect(leaseUntil).toBeInstanceOf(Date);

    resumer = await startRunner({
      databaseUrl,
      handler: app.handler,
      concurrency: 2,
      leaseMs: LEASE_MS,
      pollMs: 100,
      backoff: () => 50,
    });
    const run = await eventually(
      async () => {
        const current = await findRun(runKey);
        return current && ["completed", "failed", "cancelled"].includes(current.status)
          ? current
          : null;
      },
      60_000,
      "the run to finish in the second runner",
    );

    // ((4 + 1) * 2 + 3) * 4; step 1's stored result (from the dead process) was used as is.
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({
      result: 52,
      pids: [crashing.pid, process.pid, process.pid, process.pid],
    });
    expect(run.leasedBy).toBeNull();
    // Every step is stored exactly once.
    expect(run.steps.map((s) => s.name)).toEqual(["s1", "s2", "s3", "s4"]);

    const rows = await sideEffects(runKey);
    const ran = (step: string) => rows.filter((row) => row.step === step).map((row) => row.pid);
    // Stored before the crash: never executed again.
    expect(ran("s1")).toEqual([crashing.pid]);
    // In flight at the crash: executed again, once, by the second runner.
    expect(ran("s2")).toEqual([crashing.pid, process.pid]);
    // After the crash: executed once, by the second runner.
    expect(ran("s3")).toEqual([process.pid]);
    expect(ran("s4")).toEqual([process.pid]);
    // The second runner waited for the dead process's lease to expire.
    const rerun = rows.filter((row) => row.step === "s2")[1];
    expect(rerun?.at.getTime()).toBeGreaterThanOrEqual(leaseUntil?.getTime() ?? Infinity);
  });
});
