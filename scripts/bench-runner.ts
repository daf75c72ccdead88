// `npm run bench:runner [-- --history N] [--repeat K]`: how fast the embedded job runner is
// on this machine. On a fresh, migrated database of its own (on DATABASE_URL's server, or an
// embedded PostgreSQL when it is unset), dropped afterwards, it measures
//   (a) completed runs per second of a 3-step function, at runner concurrency 10 and 20;
//   (b) the overhead of one step: a 1-step and a 21-step function run one run at a time,
//       (latency21 - latency1) / 20, split into the SDK call and the rest (store, next call);
//   (c) idle statements per second: the runner started with nothing to do, for 10 s.
// With --history N it then fills the tables with N finished runs (2 steps each) and N
// processed events, a few days old, measures the same again and prints both side by side.
// --repeat K measures everything K times and keeps each figure's best (the machine is shared).
import { cpus } from "node:os";
import { createDb } from "@/lib/db/client";
import { setLogLevel } from "@/lib/log";
import { startRunner } from "@/runner/runner";
import { createTestDatabase } from "../tests/support/test-database";
import { IDLE_WINDOW_MS, idleStatementsPerSecond } from "./bench/idle-statements";
import { benchApp, MANY_STEPS, runBatch, STEP_COUNTS } from "./bench/runner-batch";
import { fillHistory, type HistoryFill } from "./bench/runner-history";
import { type Figure, printFresh, printSideBySide } from "./bench/runner-report";

if (!process.env.LOG_LEVEL) setLogLevel("warn");

const THROUGHPUT_RUNS = 300;
const LATENCY_RUNS = 20;
/** As many workers as the app's runner thread has (EMBEDDED_RUNNER_WORKERS). */
const IDLE_WORKERS = 20;

/** `--name N` on the command line (a positive whole number), or null. */
function numberArgument(name: string): number | null {
  const argv = process.argv.slice(2);
  const index = argv.indexOf(name);
  if (index < 0) return null;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive number`);
  return value;
}

/** The best of `times` measurements, figure by figure: on a busy machine, the least disturbed. */
async function measureBest(url: string, times: number): Promise<Figure[]> {
  let best = await measure(url);
  for (let i = 1; i < times; i++) {
    const next = await measure(url);
    best = best.map((f, j) => {
      const n = next[j];
      if (!n) return f;
      return (f.higherIsBetter ? n.value > f.value : n.value < f.value) ? n : f;
    });
  }
  return best;
}

/** Every figure of the bench, on the database at `url` as it is. */
async function measure(url: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const concurrency of [10, 20]) {
    // A pool a little larger than the workers, so connections are not what is measured.
    const db = createDb(url, { max: concurrency + 5 });
    const app = benchApp(db);
    try {
      if (concurrency === 10) await runBatch(db, url, app, { steps: 3, runs: 50, concurrency }); // warm-up
      const r = await runBatch(db, url, app, { steps: 3, runs: THROUGHPUT_RUNS, concurrency });
      figures.push({
        label: `3-step runs, concurrency ${concurrency} (${THROUGHPUT_RUNS} runs)`,
        value: THROUGHPUT_RUNS / r.seconds,
        unit: "runs/s",
        higherIsBetter: true,
        detail: `${((THROUGHPUT_RUNS * 3) / r.seconds).toFixed(0)} steps/s, ${r.seconds.toFixed(2)} s, ${r.runMs.toFixed(1)} ms/run`,
      });
    } finally {
      await db.$disconnect();
    }
  }

  const db = createDb(url, { max: 6 });
  const app = benchApp(db);
  try {
    const latency = { runs: LATENCY_RUNS, concurrency: 1 };
    const one = await runBatch(db, url, app, { steps: 1, ...latency });
    const many = await runBatch(db, url, app, { steps: MANY_STEPS, ...latency });
    const perStep = (many.runMs - one.runMs) / (MANY_STEPS - 1);
    const ms = { unit: "ms", higherIsBetter: false };
    figures.push(
      { label: `1-step run, concurrency 1 (${LATENCY_RUNS} runs)`, value: one.runMs, ...ms },
      {
        label: `${MANY_STEPS}-step run, concurrency 1 (${LATENCY_RUNS} runs)`,
        value: many.runMs,
        ...ms,
      },
      {
        label: `per-step overhead ((t${MANY_STEPS} - t1) / ${MANY_STEPS - 1})`,
        value: perStep,
        ...ms,
        detail: `SDK call ${many.callMs.toFixed(2)} ms, store + next call ${(perStep - many.callMs).toFixed(2)} ms`,
      },
    );
  } finally {
    await db.$disconnect();
  }

  // A pool of its own, as the app's runner has: the bench's earlier connections are closed.
  const idle = await idleStatementsPerSecond(url, async () => {
    const idleDb = createDb(url);
    const runner = await startRunner({
      databaseUrl: url,
      handler: benchApp(idleDb).handler,
      concurrency: IDLE_WORKERS,
    });
    return {
      async stop() {
        await runner.stop();
        await idleDb.$disconnect();
      },
    };
  });
  figures.push({
    label: `idle statements/s (${IDLE_WORKERS} workers, ${IDLE_WINDOW_MS / 1000} s, no work)`,
    value: idle,
    unit: "/s",
    higherIsBetter: false,
  });
  return figures;
}

async function main(): Promise<void> {
  const began = Date.now();
  const historyRuns = numberArgument("--history");
  const repeat = numberArgument("--repeat") ?? 1;
  const database = await createTestDatabase();
  const server = process.env.DATABASE_URL ? "the DATABASE_URL server" : "embedded PostgreSQL";
  let fresh: Figure[];
  let history: { figures: Figure[]; fill: HistoryFill } | null = null;
  try {
    fresh = await measureBest(database.url, repeat);
    if (historyRuns) {
      const functions = STEP_COUNTS.map((n) => ({
        id: `bench-steps-${n}`,
        event: `bench/steps-${n}`,
      }));
      const fill = await fillHistory(database.url, historyRuns, functions);
      history = { fill, figures: await measureBest(database.url, repeat) };
    }
  } finally {
    await database.drop();
  }

  const best = repeat > 1 ? `, best of ${repeat} for each figure` : "";
  console.log(
    `\nEmbedded job runner on ${server}, ${cpus().length} CPU(s), node ${process.version}${best}\n`,
  );
  if (history && historyRuns) printSideBySide(fresh, history.figures, historyRuns, history.fill);
  else printFresh(fresh);
  console.log(
    "\nIdle statements: the bench database's transactions (pg_stat_database xact_commit + " +
      "xact_rollback; pg_stat_statements is not available): every statement outside a transaction " +
      "is a transaction of its own, a transaction of several statements counts once. Counted over " +
      "10 s once the runner has idled 11 s (PostgreSQL reports counts late), read from another " +
      "database so the bench's own reads are not counted; the bench's 3 functions, no crons, the " +
      "runner's default poll interval.",
  );
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
