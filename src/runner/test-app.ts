// Test support: an Inngest client whose sends go to the embedded runner, and a runner
// started on the test database for a given set of functions.
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/edge";
import { createDb, type Db } from "@/lib/db/client";
import { embeddedRunnerFetch } from "./event-intake";
import { type Runner, type RunnerOptions, startRunner } from "./runner";

export function testDb(): Db {
  return createDb(process.env.DATABASE_URL ?? "");
}

export function testClient(db: Db, id = "runner-test") {
  return new Inngest({ id, isDev: true, fetch: embeddedRunnerFetch(() => db) });
}

export function startTestRunner(
  client: Inngest.Any,
  functions: InngestFunction.Any[],
  options: Partial<RunnerOptions> = {},
): Promise<Runner> {
  return startRunner({
    databaseUrl: process.env.DATABASE_URL ?? "",
    handler: serve({ client, functions }),
    pollMs: 100,
    backoff: () => 50,
    ...options,
  });
}

/**
 * Polls until `check` returns a value (not undefined/null/false), or fails after `timeoutMs`
 * saying what it waited for. Every test that waits polls through this one loop.
 */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  what = "a condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The run of `functionId` whose event has `data.id === id`, once it has ended, with its steps. */
export function endedRun(db: Db, functionId: string, id: string, timeoutMs?: number) {
  return eventually(async () => {
    const run = await db.jobRun.findFirst({
      where: { functionId, event: { path: ["data", "id"], equals: id } },
      include: { steps: { orderBy: { endedAt: "asc" } } },
    });
    return run && ["completed", "failed", "cancelled"].includes(run.status) ? run : null;
  }, timeoutMs);
}

/** Waits until the runner has turned every stored event named `name` into runs (or none). */
export async function eventsProcessed(db: Db, name: string): Promise<void> {
  await eventually(async () => {
    const pending = await db.jobEvent.count({ where: { name, processedAt: null } });
    return pending === 0;
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
