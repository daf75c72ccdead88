// The runner thread as the app runs it (src/server/runner-supervisor.ts), with a fixture entry
// whose functions can crash the thread or hang a step: a dead thread is restarted and does the
// work queued meanwhile, /api/health follows the thread, and stop() is bounded.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, testClient, testDb } from "@/runner/test-app";
import type { RunnerHealth } from "@/server/http/health";
import { startHttpServer } from "@/server/http/server";
import { type RunnerThread, startRunnerThread } from "@/server/runner-supervisor";

const db = testDb();
const client = testClient(db, "thread-fixture-sender");
const entry = new URL("../fixtures/runner-thread.ts", import.meta.url);
let threads: RunnerThread[] = [];
let server: Server | undefined;

beforeAll(async () => {
  await db.$executeRawUnsafe(`
    CREATE TABLE IF NOT EXISTS runner_thread_effects (
      key text NOT NULL, step text NOT NULL, PRIMARY KEY (key, step))`);
});
afterEach(async () => {
  await Promise.all(threads.map((thread) => thread.stop()));
  threads = [];
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});
afterAll(() => db.$disconnect());

async function startThread(options: Parameters<typeof startRunnerThread>[0]) {
  const thread = await startRunnerThread({ entry, ...options });
  threads.push(thread);
  return thread;
}

/** GET /api/health of a server whose runner is `runner`. */
async function healthCheck(runner: RunnerHealth) {
  server = await startHttpServer({ port: 0, dev: false, withNext: false, runner });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
  return async () => {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  };
}

const effects = async (key: string) =>
  (
    await db.$queryRaw<{ step: string }[]>`
      SELECT step FROM runner_thread_effects WHERE key = ${key} ORDER BY step`
  ).map((row) => row.step);

const runOf = (fn: string, key: string) =>
  db.jobRun.findFirst({
    where: { functionId: `thread-fixture-${fn}`, event: { path: ["data", "key"], equals: key } },
  });

describe("the runner thread", () => {
  it("is restarted after a crash, health follows it, and work queued meanwhile gets done", async () => {
    const key = randomUUID();
    // A restart delay long enough for the test to see the thread down.
    const thread = await startThread({ restartDelay: () => 1_500 });
    const health = await healthCheck({ mode: "embedded", alive: () => thread.alive() });
    expect(await health()).toEqual({
      status: 200,
      body: { status: "ok", db: "ok", runner: "embedded", runnerAlive: true },
    });

    await client.send({ name: "thread-fixture/crash", data: { key } });
    const down = await eventually(
      async () => {
        const answer = await health();
        return answer.status === 503 && answer;
      },
      30_000,
      "health to report the dead thread",
    );
    expect(down.body).toEqual({
      status: "degraded",
      db: "ok",
      runner: "embedded",
      runnerAlive: false,
    });
    expect(thread.alive()).toBe(false);

    await client.send({ name: "thread-fixture/work", data: { key } });
    await eventually(async () => (await health()).status === 200, 30_000, "the restarted thread");
    await eventually(async () => (await effects(key)).includes("work"), 15_000, "the queued work");
    // The run the crash cut short resumes in the new thread at once: the supervisor ended the
    // dead thread's leases (they would otherwise hold it for 30 s).
    await eventually(
      async () => (await runOf("crash", key))?.status === "completed",
      10_000,
      "the crashed run to complete",
    );
  });

  it("stops within its timeout while a step hangs, and ends the run's lease for another worker", async () => {
    const key = randomUUID();
    const thread = await startThread({ stopTimeoutMs: 2_000 });
    await client.send({ name: "thread-fixture/hang", data: { key } });
    await eventually(async () => (await effects(key)).includes("hang"), 15_000, "the hung step");

    const stopping = Date.now();
    await thread.stop();
    const took = Date.now() - stopping;
    expect(took).toBeGreaterThanOrEqual(1_900); // the step had its chance to finish
    expect(took).toBeLessThan(5_000);
    expect(thread.alive()).toBe(false);
    const run = await runOf("hang", key);
    expect(run?.status).toBe("running");
    expect(run?.leaseUntil?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("stops at once when idle", async () => {
    const thread = await startThread({});
    const stopping = Date.now();
    await thread.stop();
    expect(Date.now() - stopping).toBeLessThan(1_500);
  });

  it("is not reported on Inngest, which runs the functions elsewhere", async () => {
    const health = await healthCheck({ mode: "inngest", alive: () => false });
    expect(await health()).toEqual({
      status: 200,
      body: { status: "ok", db: "ok", runner: "inngest" },
    });
  });
});
