// bench:runner's workload: step functions on the embedded runner, and one batch of their runs
// timed from the events sent to the last run finished.
import { Inngest } from "inngest";
import { serve } from "inngest/edge";
import type { Db } from "@/lib/db/client";
import { embeddedRunnerFetch } from "@/runner/event-intake";
import { startRunner } from "@/runner/runner";

export const MANY_STEPS = 21;
/** The bench functions' step counts; each is function `bench-steps-<count>`. */
export const STEP_COUNTS = [1, 3, MANY_STEPS];

export function benchApp(db: Db) {
  const client = new Inngest({ id: "bench", isDev: true, fetch: embeddedRunnerFetch(() => db) });
  const steps = (count: number) =>
    client.createFunction(
      { id: `steps-${count}`, triggers: [{ event: `bench/steps-${count}` }] },
      async ({ step }) => {
        let total = 0;
        for (let i = 0; i < count; i++) total += await step.run(`s${i}`, () => i);
        return total;
      },
    );
  return { client, handler: serve({ client, functions: STEP_COUNTS.map(steps) }) };
}

export type App = ReturnType<typeof benchApp>;

export interface Batch {
  seconds: number;
  /** Mean claim-to-finish time of one run. */
  runMs: number;
  /** Mean duration of the SDK call that ran one step. */
  callMs: number;
}

/** Sends `runs` events for the `steps`-step function and waits until every run finished. */
export async function runBatch(
  db: Db,
  url: string,
  app: App,
  opts: { steps: number; runs: number; concurrency: number },
): Promise<Batch> {
  const runner = await startRunner({
    databaseUrl: url,
    handler: app.handler,
    concurrency: opts.concurrency,
    pollMs: 100,
  });
  const batch = `${opts.steps}-${opts.concurrency}-${Date.now()}`;
  const where = {
    functionId: `bench-steps-${opts.steps}`,
    // Only this batch's runs, found by index: a large history must not slow the bench's polling.
    createdAt: { gte: new Date(Date.now() - 60_000) },
    event: { path: ["data", "batch"], equals: batch },
  };
  try {
    const started = performance.now();
    await app.client.send(
      Array.from({ length: opts.runs }, (_, i) => ({
        name: `bench/steps-${opts.steps}`,
        data: { batch, i },
      })),
    );
    const deadline = Date.now() + 120_000;
    for (;;) {
      const done = await db.jobRun.count({
        where: { ...where, status: { in: ["completed", "failed", "cancelled"] } },
      });
      if (done === opts.runs) break;
      if (Date.now() > deadline) throw new Error(`only ${done} of ${opts.runs} runs finished`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;

    const runs = await db.jobRun.findMany({
      where,
      select: {
        status: true,
        startedAt: true,
        endedAt: true,
        steps: { select: { durationMs: true } },
      },
    });
    const failed = runs.filter((run) => run.status !== "completed").length;
    if (failed) throw new Error(`${failed} run(s) did not complete`);
    const steps = runs.flatMap((run) => run.steps);
    if (steps.length !== opts.runs * opts.steps)
      throw new Error(`${steps.length} steps stored, expected ${opts.runs * opts.steps}`);
    return {
      seconds,
      runMs: mean(
        runs.map((run) => (run.endedAt?.getTime() ?? 0) - (run.startedAt?.getTime() ?? 0)),
      ),
      callMs: mean(steps.map((step) => step.durationMs)),
    };
  } finally {
    await runner.stop();
  }
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / (values.length || 1);
