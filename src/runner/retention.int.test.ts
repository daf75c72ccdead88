import { afterAll, describe, expect, it, vi } from "vitest";
import type { JobRunStatus } from "@/generated/prisma/client";
import { createDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { pruneRunnerHistory, startRunnerRetention } from "./retention";
import { eventually, testDb } from "./test-app";

const db = testDb();
afterAll(async () => {
  await db.$disconnect();
});

const hour = 3_600_000;
const day = 24 * hour;
const ago = (ms: number) => new Date(Date.now() - ms);

/** A run in `status`, ended `endedAgo` ms ago (null: not ended), with `steps` stored steps. */
async function storeRun(status: JobRunStatus, endedAgo: number | null, steps = 0) {
  const id = newId("jobRun");
  const endedAt = endedAgo === null ? null : ago(endedAgo);
  await db.jobRun.create({
    data: {
      id,
      functionId: "retention-test",
      event: {},
      status,
      maxAttempts: 1,
      createdAt: ago(60 * day),
      startedAt: ago(60 * day),
      endedAt,
    },
  });
  await db.jobStep.createMany({
    data: Array.from({ length: steps }, (_, i) => ({
      id: newId("jobStep"),
      runId: id,
      hashedId: `step-${i}`,
      name: `step-${i}`,
      op: "StepRun",
      result: { data: i },
      startedAt: ago(60 * day),
      durationMs: 1,
    })),
  });
  return id;
}

/** An event received long ago, processed `processedAgo` ms ago (null: not yet). */
async function storeEvent(processedAgo: number | null) {
  const id = newId("jobEvent");
  await db.jobEvent.create({
    data: {
      id,
      name: "retention/test",
      data: {},
      ts: ago(60 * day),
      receivedAt: ago(60 * day),
      processedAt: processedAgo === null ? null : ago(processedAgo),
    },
  });
  return id;
}

async function remainingRuns(ids: string[]) {
  const rows = await db.jobRun.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return rows.map((row) => row.id).sort();
}

async function remainingEvents(ids: string[]) {
  const rows = await db.jobEvent.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return rows.map((row) => row.id).sort();
}

describe("runner retention", () => {
  it("deletes finished runs with their steps and processed events once older than the retention", async () => {
    const runs = [
      await storeRun("completed", 8 * day, 3),
      await storeRun("failed", 8 * day, 2),
      await storeRun("cancelled", 8 * day, 1),
    ];
    const events = [await storeEvent(8 * day), await storeEvent(30 * day)];
    expect(await db.jobStep.count({ where: { runId: { in: runs } } })).toBe(6);

    const pruned = await pruneRunnerHistory(db, { retentionMs: 7 * day });

    expect(await remainingRuns(runs)).toEqual([]);
    expect(await db.jobStep.count({ where: { runId: { in: runs } } })).toBe(0);
    expect(await remainingEvents(events)).toEqual([]);
    expect(pruned.runs).toBeGreaterThanOrEqual(3);
    expect(pruned.events).toBeGreaterThanOrEqual(2);
  });

  it("keeps recent runs and events, unprocessed events, and every active run however old", async () => {
    const recent = [await storeRun("completed", 6 * day, 2), await storeRun("failed", 1 * hour)];
    // Active runs, even one with a stale end time, are never deleted.
    const active = [
      await storeRun("queued", null, 1),
      await storeRun("running", null, 1),
      await storeRun("waiting", null, 1),
      await storeRun("queued", 30 * day),
      await storeRun("running", 30 * day),
      await storeRun("waiting", 30 * day, 1),
    ];
    const events = [await storeEvent(6 * day), await storeEvent(null)];

    await pruneRunnerHistory(db, { retentionMs: 7 * day });

    const kept = [...recent, ...active];
    expect(await remainingRuns(kept)).toEqual([...kept].sort());
    expect(await db.jobStep.count({ where: { runId: { in: kept } } })).toBe(6);
    expect(await remainingEvents(events)).toEqual([...events].sort());
  });

  it("keeps 24 h at least, since idempotency keys and event ids are de-duplicated for 24 h", async () => {
    const young = [await storeRun("completed", 12 * hour), await storeRun("failed", 23 * hour)];
    const old = await storeRun("completed", 25 * hour);
    const youngEvent = await storeEvent(12 * hour);
    const oldEvent = await storeEvent(25 * hour);

    await pruneRunnerHistory(db, { retentionMs: hour });

    expect(await remainingRuns([...young, old])).toEqual([...young].sort());
    expect(await remainingEvents([youngEvent, oldEvent])).toEqual([youngEvent]);
  });

  it("deletes in batches until one comes back short", async () => {
    // Start from a table with nothing to prune, so the counts below are this test's alone.
    await pruneRunnerHistory(db, { retentionMs: day });
    const runs = await Promise.all(
      Array.from({ length: 35 }, () => storeRun("completed", 2 * day)),
    );
    const events = await Promise.all(Array.from({ length: 35 }, () => storeEvent(2 * day)));

    const started = performance.now();
    const pruned = await pruneRunnerHistory(db, { retentionMs: day, batchSize: 10 });
    const elapsed = performance.now() - started;

    expect(pruned).toEqual({ runs: 35, events: 35 });
    expect(await remainingRuns(runs)).toEqual([]);
    expect(await remainingEvents(events)).toEqual([]);
    // Four batches of each, with a 100 ms pause after each full one: 2 x 3 pauses.
    expect(elapsed).toBeGreaterThanOrEqual(590);
  });

  it("stops between batches once its signal is aborted", async () => {
    const run = await storeRun("completed", 2 * day);
    const event = await storeEvent(2 * day);

    const pruned = await pruneRunnerHistory(db, { retentionMs: day, signal: AbortSignal.abort() });

    expect(pruned).toEqual({ runs: 0, events: 0 });
    expect(await remainingRuns([run])).toEqual([run]);
    expect(await remainingEvents([event])).toEqual([event]);
  });

  it("prunes on its own schedule, logs what went, and stops cleanly", async () => {
    const info = vi.spyOn(log, "info");
    const run = await storeRun("completed", 8 * day, 1);
    const event = await storeEvent(8 * day);

    const retention = startRunnerRetention(db, { retentionMs: 7 * day, firstAfterMs: 0 });
    const pruned = async () =>
      (await remainingRuns([run])).length === 0 && (await remainingEvents([event])).length === 0;
    await eventually(pruned, 10_000, "the prune");
    await retention.stop();

    expect(info.mock.calls.flat().join("\n")).toMatch(
      /retention deleted [1-9]\d* finished run\(s\)/,
    );
    info.mockRestore();
  });

  it("logs a failed prune instead of throwing, and tries again later", async () => {
    const error = vi.spyOn(log, "error");
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/none");
    const retention = startRunnerRetention(unreachable, {
      retentionMs: 7 * day,
      firstAfterMs: 0,
      everyMs: 50,
    });
    const failures = () =>
      error.mock.calls.filter((call) => String(call[0]).includes("runner: retention:")).length;
    await eventually(async () => failures() >= 2, 10_000, "two logged failures");
    await retention.stop();
    const afterStop = failures();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failures()).toBe(afterStop);
    error.mockRestore();
    await unreachable.$disconnect();
  });
});
