// PRODUCT.md: "Work handed to background processing is never lost, even if the process dies
// right after the commit." An event committed but never handed off is found by the sweeper
// and processed: once in-process (ingest() commits; the HTTP layer would hand off after the
// 2xx), and once with a real SIGKILL of a webhook server whose hand-off is stuck.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/domain/db";
import { findEventsAwaitingHandOff } from "@/domain/events/lifecycle";
import { ingest } from "@/domain/ingest/ingest";
import { findEnabledSourceBySlug } from "@/domain/sources/sources";
import { eventsReceived } from "@/jobs/events";
import { handOffEvents } from "@/jobs/hand-off";
import type { Runner } from "@/runner/runner";
import { createRunnerSql } from "@/runner/sql";
import { createRun } from "@/runner/start-runs";
import {
  newSource,
  newTenant,
  postWebhook,
  randomSuffix,
  sleep,
  startAppRunner,
  waitFor,
} from "../support/inbound-kit";

let tenantId: string;
let runner: Runner | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  tenantId = (await newTenant("sweeper")).id;
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await runner?.stop();
  await disconnectDb();
});

async function ensureRunner(): Promise<Runner> {
  runner ??= await startAppRunner({ pollMs: 100, backoff: () => 50 });
  return runner;
}

const handOffsOf = (eventId: string) =>
  db.jobEvent.count({
    where: { name: eventsReceived.name, data: { path: ["eventIds"], array_contains: [eventId] } },
  });

const completed = (eventId: string) =>
  waitFor(`event ${eventId} to be completed`, async () => {
    const event = await db.event.findUnique({ where: { id: eventId } });
    return event && ["completed", "failed"].includes(event.status) ? event : null;
  });

/** Starts tests/fixtures/inbound-crash-after-commit.ts; resolves with its URL and its output. */
async function spawnCrashingServer() {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/fixtures/inbound-crash-after-commit.ts"],
    { env: { ...process.env, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await waitFor(
    "the crashing webhook server to be ready",
    async () => {
      if (child.exitCode !== null) throw new Error(`fixture exited (${child.exitCode})`);
      return /ready (\S+)/.exec(output)?.[1];
    },
    90_000,
  );
  return {
    url,
    output: () => output,
    async kill() {
      child.kill("SIGKILL");
      await exited;
      children.delete(child);
    },
    killedBySignal: () => child.signalCode,
  };
}

describe("a kill between commit and hand-off is recovered by the sweeper", () => {
  it("an event committed by ingest() but never handed off is found and processed", async () => {
    const created = await newSource(tenantId, "sweep-domain", {
      verification: { scheme: "shared_secret", secret: "sweep-secret" },
    });
    const source = await findEnabledSourceBySlug(created.slug);
    if (!source) throw new Error("source not found");
    const rawBody = Buffer.from(JSON.stringify({ order: randomSuffix() }));
    // What the HTTP layer does up to the 2xx; the process "dies" before handing off.
    const result = await ingest(source, {
      contentType: "application/json",
      rawBody,
      headers: { "content-type": "application/json", "x-webhook-token": "sweep-secret" },
    });
    expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    const [eventId = ""] = result.acceptedIds;

    const stored = await db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(stored).toMatchObject({ status: "received", handedOffAt: null });

    // Nothing processes an event that was never handed off, runner or not.
    await ensureRunner();
    await sleep(500);
    expect((await db.event.findUniqueOrThrow({ where: { id: eventId } })).status).toBe("received");
    expect(await handOffsOf(eventId)).toBe(0);

    // The sweeper's query finds it (the default grace period of 30 s spares fresh events,
    // whose hand-off may still be in flight).
    expect(await findEventsAwaitingHandOff()).not.toContain(eventId);
    const awaiting = await findEventsAwaitingHandOff(0, 100_000);
    expect(awaiting).toContain(eventId);

    await handOffEvents(awaiting.filter((id) => id === eventId));
    const done = await completed(eventId);
    expect(done.status).toBe("completed");
    expect(done.handedOffAt).toBeInstanceOf(Date);
    expect(await findEventsAwaitingHandOff(0, 100_000)).not.toContain(eventId);
    expect(await handOffsOf(eventId)).toBe(1);
  });

  it("a webhook server SIGKILLed after its 202 but before the hand-off: the sweep-hand-offs function recovers the event", async () => {
    const source = await newSource(tenantId, "sweep-crash", {
      verification: { scheme: "bearer", secret: "crash-token" },
    });
    const crashing = await spawnCrashingServer();
    const reply = await postWebhook(
      crashing.url,
      source.slug,
      { job: randomSuffix() },
      {
        authorization: "Bearer crash-token",
      },
    );
    // The 2xx was sent after the commit...
    expect(reply.status, reply.text).toBe(202);
    const eventId = reply.body.events?.[0]?.id ?? "";
    expect(eventId).toMatch(/^evt_/);
    // ...and the hand-off has begun (it cannot finish) when the process is killed.
    await waitFor("the hand-off to start", async () => crashing.output().includes("hand-off"));
    await crashing.kill();
    expect(crashing.killedBySignal()).toBe("SIGKILL");

    const orphan = await db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(orphan).toMatchObject({ status: "received", handedOffAt: null, sourceId: source.id });
    expect(await handOffsOf(eventId)).toBe(0);
    expect(await findEventsAwaitingHandOff(0, 100_000)).toContain(eventId);

    // Time passes: the sweeper leaves events younger than 30 s alone. (A week back, so that it
    // is the oldest of any events other tests left unhanded in this database.)
    const since = new Date();
    await db.event.update({
      where: { id: eventId },
      data: { receivedAt: new Date(Date.now() - 7 * 24 * 3_600_000) },
    });
    expect(await findEventsAwaitingHandOff()).toContain(eventId);

    // The sweeper's cron tick (every minute), run now on the embedded runner.
    const active = await ensureRunner();
    const sweeper = active.functions.find((fn) => fn.id.endsWith("sweep-hand-offs"));
    if (!sweeper) throw new Error("sweep-hand-offs is not served");
    const tick = `test-sweep:${randomSuffix()}`;
    const sql = createRunnerSql(process.env.DATABASE_URL ?? "", 1);
    await createRun(
      sql,
      sweeper,
      { name: "inngest/scheduled.timer", data: { cron: "* * * * *" }, ts: Date.now() },
      tick,
    );
    await sql.end();
    const run = await waitFor("the sweep run to end", async () => {
      const found = await db.jobRun.findFirst({ where: { idempotencyKey: tick } });
      return found && ["completed", "failed", "cancelled"].includes(found.status) ? found : null;
    });
    expect(run.status).toBe("completed");
    // This tick handed the event off (or the runner's own minute tick, should one have come
    // first): either way it was a sweep-hand-offs run.
    const sweeps = await db.jobRun.findMany({
      where: { functionId: sweeper.id, status: "completed", createdAt: { gte: since } },
    });
    expect(
      sweeps.some((sweep) => ((sweep.output as { handedOff?: number }).handedOff ?? 0) >= 1),
    ).toBe(true);

    const done = await completed(eventId);
    expect(done.status).toBe("completed");
    expect(done.handedOffAt).toBeInstanceOf(Date);
    expect(done.error).toBeNull();
    expect(await findEventsAwaitingHandOff(0, 100_000)).not.toContain(eventId);
  });
});
