import { hostname } from "node:os";
import type { Db } from "@/lib/db/client";
import { listen } from "@/lib/db/listen";
import { log } from "@/lib/log";
import { claimRun, msUntilNextDue } from "./claim";
import { RUNNER_CHANNEL } from "./event-intake";
import { executeRun, LeaseLost } from "./execute";
import type { ServeHandler } from "./protocol";
import { discoverFunctions, type RunnableFunction } from "./registry";
import { startDueCronRuns, startRunsForEvents } from "./start-runs";

/** How the runner's wake-up connection shows in pg_stat_activity. */
export const WAKE_LISTENER_NAME = "switchyard runner wake-ups";

export interface RunnerOptions {
  db: Db;
  /** The database URL, for the LISTEN connection that wakes idle workers. */
  databaseUrl: string;
  /** The SDK's serve() handler for the app's functions (inngest/edge). */
  handler: ServeHandler;
  /** The URL the handler believes it is served at (only used to build requests). */
  appUrl?: string;
  /** Runs executed at once by this process. */
  concurrency?: number;
  /** How long a worker owns a run without renewing; a dead worker's runs resume after it. */
  leaseMs?: number;
  /** Longest idle wait between checks for due work. */
  pollMs?: number;
  /** Delay before retry `attempt` (1-based) of a failed step or function. */
  backoff?: (attempt: number) => number;
  workerId?: string;
}

export interface Runner {
  functions: RunnableFunction[];
  /** Stops claiming work and waits for the calls in flight; unfinished runs stay in the database. */
  stop(): Promise<void>;
}

/** Inngest's own default is minutes apart; ours starts at 1 s and doubles, capped at 1 h. */
const defaultBackoff = (attempt: number) => Math.min(1_000 * 2 ** (attempt - 1), 3_600_000);

/**
 * The embedded runner: executes the app's unmodified Inngest functions through the SDK's
 * serve handler, with every event, run and step kept in PostgreSQL.
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const appUrl = options.appUrl ?? "http://localhost/api/inngest";
  const functions = await discoverFunctions(options.handler, appUrl);
  const workerId =
    options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1_000;
  const ctx = {
    db: options.db,
    handler: options.handler,
    appUrl,
    workerId,
    leaseMs,
    backoff: options.backoff ?? defaultBackoff,
  };

  let stopped = false;
  // Idle workers take turns: one, the lookout, sleeps until the next run falls due (or the
  // poll interval); the others sleep until woken. A worker that found work wakes one more, so
  // a burst spreads over the workers while an idle runner sends a few statements a second,
  // not one round of claims per worker.
  const waiting: (() => void)[] = [];
  let lookout = false;
  const wakeOne = () => waiting.shift()?.();
  const wakeAll = () => {
    for (const wake of waiting.splice(0)) wake();
  };
  const sleepUntilWoken = (timeoutMs?: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const wake = () => {
        clearTimeout(timer);
        const index = waiting.indexOf(wake);
        if (index >= 0) waiting.splice(index, 1);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(wake, timeoutMs);
      waiting.push(wake);
    });

  // Scanning for new events costs a transaction: workers scan only after an "event" signal
  // (or once per poll interval, in case a signal was missed while reconnecting).
  let eventSignals = 1;
  let scannedSignals = 0;
  let lastScan = 0;
  const listener = await listen(options.databaseUrl, {
    channel: RUNNER_CHANNEL,
    name: WAKE_LISTENER_NAME,
    onWakeup(payload) {
      if (payload === "event") eventSignals++;
      wakeOne();
    },
    onReconnect() {
      // A NOTIFY may have been missed while the connection was down: scan as if one came.
      eventSignals++;
      wakeOne();
    },
  });

  async function idle() {
    if (lookout) return sleepUntilWoken();
    lookout = true;
    try {
      const due = await msUntilNextDue(
        options.db,
        functions.map((fn) => fn.id),
      ).catch(() => null);
      const waitMs = due === null ? pollMs : Math.min(pollMs, due);
      if (waitMs > 0 && !stopped) await sleepUntilWoken(waitMs);
    } finally {
      lookout = false;
      // Someone must keep watch while this worker works: the next to idle takes over.
      wakeOne();
    }
  }

  async function worker(index: number) {
    // Each worker owns runs under a name of its own: a sibling that takes over a run whose
    // lease ran out must not pass this worker's ownership checks (renew, store, release).
    const owner = `${workerId}/${index}`;
    // Claims go round the functions, as Inngest gives each function a queue of its own: a
    // burst of one function's runs (processing 1,000 webhooks) does not hold up another's
    // (their deliveries) until it has all been worked off.
    let turn = index;
    const claimInTurn = async () => {
      const first = turn++;
      for (let i = 0; i < functions.length; i++) {
        const fn = functions[(first + i) % functions.length];
        const run = fn && (await claimRun(options.db, fn, owner, leaseMs));
        if (run) return run;
      }
      return null;
    };
    const workerCtx = { ...ctx, workerId: owner };
    while (!stopped) {
      try {
        let started = 0;
        if (scannedSignals < eventSignals || Date.now() - lastScan > pollMs) {
          const signals = eventSignals;
          lastScan = Date.now();
          started = await startRunsForEvents(options.db, functions);
          if (started === 0) scannedSignals = Math.max(scannedSignals, signals);
          else wakeOne(); // new runs: an idle worker claims too, and wakes the next
        }
        const run = await claimInTurn();
        if (run) {
          wakeOne(); // there may be more: let one idle worker look
          await executeRun(workerCtx, run);
        } else if (!started) {
          await idle();
        }
      } catch (error) {
        if (error instanceof LeaseLost) log.warn(`runner: ${error.message}`);
        else log.error(`runner: ${(error as Error).stack ?? error}`);
        if (!stopped) await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  let cronChecked = new Date();
  const cronTimer = setInterval(() => {
    const now = new Date();
    void startDueCronRuns(options.db, functions, cronChecked, now)
      .then(() => {
        cronChecked = now;
        wakeOne();
      })
      .catch((error) => log.error(`runner: cron: ${(error as Error).message}`));
  }, 1_000);

  const workers = Array.from({ length: options.concurrency ?? 10 }, (_, i) => worker(i));
  log.info(
    `Embedded job runner started: ${functions.length} function(s), ${workers.length} workers`,
  );

  return {
    functions,
    async stop() {
      stopped = true;
      clearInterval(cronTimer);
      wakeAll();
      await Promise.allSettled(workers);
      await listener.close();
    },
  };
}
