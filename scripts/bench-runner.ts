// `npm run bench:runner`: how fast the embedded job runner is on this machine. On a fresh,
// migrated database of its own (on DATABASE_URL's server, or an embedded PostgreSQL when it
// is unset), dropped afterwards, it measures
//   (a) completed runs per second of a 3-step function, at runner concurrency 10 and 20;
//   (b) the overhead of one step: a 1-step and a 21-step function run one run at a time,
//       (latency21 - latency1) / 20, split into the SDK call and the rest (store, next call).
import { cpus } from "node:os";
import { Inngest } from "inngest";
import { serve } from "inngest/edge";
import { createDb, type Db } from "@/lib/db/client";
import { setLogLevel } from "@/lib/log";
import { embeddedRunnerFetch } from "@/runner/event-intake";
import { startRunner } from "@/runner/runner";
import { createTestDatabase } from "../tests/support/test-database";

if (!process.env.LOG_LEVEL) setLogLevel("warn");

const THROUGHPUT_RUNS = 300;
const LATENCY_RUNS = 20;
const MANY_STEPS = 21;

function benchApp(db: Db) {
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
  const functions = [steps(1), steps(3), steps(MANY_STEPS)];
  return { client, handler: serve({ client, functions }) };
}

type App = ReturnType<typeof benchApp>;

interface Batch {
  seconds: number;
  /** Mean claim-to-finish time of one run. */
  runMs: number;
  /** Mean duration of the SDK call that ran one step. */
  callMs: number;
}

/** Sends `runs` events for the `steps`-step function and waits until every run finished. */
async function runBatch(
  db: Db,
  url: string,
  app: App,
  opts: { steps: number; runs: number; concurrency: number },
): Promise<Batch> {
  const runner = await startRunner({
    db,
    databaseUrl: url,
    handler: app.handler,
    concurrency: opts.concurrency,
    pollMs: 100,
  });
  const batch = `${opts.steps}-${opts.concurrency}-${Date.now()}`;
  const where = {
    functionId: `bench-steps-${opts.steps}`,
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

async function main(): Promise<void> {
  const began = Date.now();
  const database = await createTestDatabase();
  const server = process.env.DATABASE_URL ? "the DATABASE_URL server" : "embedded PostgreSQL";
  const rows: [string, string][] = [];
  try {
    for (const concurrency of [10, 20]) {
      // A pool a little larger than the workers, so connections are not what is measured.
      const db = createDb(database.url, { max: concurrency + 5 });
      const app = benchApp(db);
      try {
        if (concurrency === 10)
          await runBatch(db, database.url, app, { steps: 3, runs: 50, concurrency }); // warm-up
        const r = await runBatch(db, database.url, app, {
          steps: 3,
          runs: THROUGHPUT_RUNS,
          concurrency,
        });
        rows.push([
          `3-step runs, concurrency ${concurrency} (${THROUGHPUT_RUNS} runs)`,
          `${(THROUGHPUT_RUNS / r.seconds).toFixed(1)} runs/s  (${((THROUGHPUT_RUNS * 3) / r.seconds).toFixed(0)} steps/s, ${r.seconds.toFixed(2)} s, ${r.runMs.toFixed(1)} ms/run)`,
        ]);
      } finally {
        await db.$disconnect();
      }
    }

    const db = createDb(database.url, { max: 6 });
    const app = benchApp(db);
    try {
      const one = await runBatch(db, database.url, app, {
        steps: 1,
        runs: LATENCY_RUNS,
        concurrency: 1,
      });
      const many = await runBatch(db, database.url, app, {
        steps: MANY_STEPS,
        runs: LATENCY_RUNS,
        concurrency: 1,
      });
      const perStep = (many.runMs - one.runMs) / (MANY_STEPS - 1);
      rows.push(
        [`1-step run, concurrency 1 (${LATENCY_RUNS} runs)`, `${one.runMs.toFixed(1)} ms/run`],
        [
          `${MANY_STEPS}-step run, concurrency 1 (${LATENCY_RUNS} runs)`,
          `${many.runMs.toFixed(1)} ms/run`,
        ],
        [
          "per-step overhead ((t21 - t1) / 20)",
          `${perStep.toFixed(2)} ms/step  (SDK call ${many.callMs.toFixed(2)} ms, store + next call ${(perStep - many.callMs).toFixed(2)} ms)`,
        ],
      );
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.drop();
  }

  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    `\nEmbedded job runner on ${server}, ${cpus().length} CPU(s), node ${process.version}\n`,
  );
  console.log(`${"measurement".padEnd(width)}  result`);
  console.log(`${"-".repeat(width)}  ${"-".repeat(40)}`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log(`\n(benchmark took ${((Date.now() - began) / 1000).toFixed(1)} s)`);
}

// Exit explicitly: nothing left running should decide when a CLI ends.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
