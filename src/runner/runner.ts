import { hostname } from "node:os";
import { type JobRun, Prisma } from "@/generated/prisma/client";
import { listen } from "@/lib/db/listen";
import { log } from "@/lib/log";
import { claimDueRuns, failLostRuns, msUntilNextDue } from "./claim";
import { RUNNER_CHANNEL } from "./event-intake";
import { executeRun, LeaseLost } from "./execute";
import type { ServeHandler } from "./protocol";
import { discoverFunctions, type RunnableFunction } from "./registry";
import { createRunnerSql } from "./sql";
import { startDueCronRuns, startRunsForEvents } from "./start-runs";

/** How the runner's wake-up connection shows in pg_stat_activity. */
export const WAKE_LISTENER_NAME = "switchyard runner wake-ups";

export interface RunnerOptions {
  /** The database URL: the runner's pool, and the LISTEN connection that wakes it. */
  databaseUrl: string;
  /** The SDK's serve() handler for the app's functions (inngest/edge). */
  handler: ServeHandler;
  /** The URL the handler believes it is served at (only used to build requests). */
  appUrl?: string;
  /** Runs executed at once by this process. */
  concurrency?: number;
  /** How long a worker owns a run without renewing; a dead worker's runs resume after it. */
  leaseMs?: number;
  /** Longest idle wait between checks for due work (NOTIFY wakes the runner sooner). */
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

/** While due runs are held by a limit, how often the dispatcher looks for others falling due. */
const HELD_RECHECK_MS = 1_000;

/** Events turned into runs by one scan, at most. */
const SCAN_BATCH = 200;

/** Inngest's own default is minutes apart; ours starts at 1 s and doubles, capped at 1 h. */
const defaultBackoff = (attempt: number) => Math.min(1_000 * 2 ** (attempt - 1), 3_600_000);

/**
 * The embedded runner: executes the app's unmodified Inngest functions through the SDK's
 * serve handler, with every event, run and step kept in PostgreSQL.
 *
 * One dispatcher per process claims due runs for every free slot in one statement and hands
 * them to calls in memory; it sleeps until a NOTIFY (new events), the next due time or a
 * finished run, so an idle runner sends a statement every few seconds, not a claim per worker.
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const appUrl = options.appUrl ?? "http://localhost/api/inngest";
  const functions = await discoverFunctions(options.handler, appUrl);
  const functionIds = functions.map((fn) => fn.id);
  const workerId =
    options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 5_000;
  const slots = options.concurrency ?? 10;
  const sql = createRunnerSql(options.databaseUrl, slots + 2);
  // Connections open before the first run needs them (a claim, a scan and a call at once).
  await Promise.all(Array.from({ length: 3 }, () => sql.rows(Prisma.sql`SELECT 1`)));
  const ctx = {
    sql,
    handler: options.handler,
    appUrl,
    leaseMs,
    backoff: options.backoff ?? defaultBackoff,
  };

  let stopped = false;
  let inFlight = 0;
  const calls = new Set<Promise<void>>();
  // What may have changed since the dispatcher last looked: new events to turn into runs,
  // runs that may have become claimable.
  let eventSignals = 1;
  let scannedSignals = 0;
  let lastScan = 0;
  let mayClaim = true;
  /** Due runs were held back by a concurrency limit: a run that ends may free their slot. */
  let held = false;
  let lastLostCheck = 0;
  let wakeUp: (() => void) | undefined;
  /** Counts wake-ups, so one that comes while the dispatcher is busy is not slept through. */
  let wakes = 0;
  const wake = () => {
    wakes++;
    wakeUp?.();
  };
  /** Resolves true when the time ran out, false when woken sooner (or since `seen`). */
  const sleep = (ms: number, seen = wakes) =>
    new Promise<boolean>((resolve) => {
      if (wakes !== seen || stopped) return resolve(false);
      const timer = setTimeout(() => done(true), ms);
      function done(timedOut: boolean) {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve(timedOut);
      }
      wakeUp = () => done(false);
    });

  const listener = await listen(options.databaseUrl, {
    channel: RUNNER_CHANNEL,
    name: WAKE_LISTENER_NAME,
    onWakeup(payload) {
      if (payload === "event") eventSignals++;
      mayClaim = true;
      wake();
    },
    onReconnect() {
      // A NOTIFY may have been missed while the connection was down: look as if one came.
      eventSignals++;
      mayClaim = true;
      wake();
    },
  });

  function launch(run: JobRun) {
    inFlight++;
    // Each run is owned under its own lease name: a takeover never passes this call's checks.
    const call = executeRun({ ...ctx, workerId: run.leasedBy ?? workerId }, run)
      .catch((error: unknown) => {
        if (error instanceof LeaseLost) log.warn(`runner: ${error.message}`);
        else log.error(`runner: ${(error as Error).stack ?? error}`);
      })
      .finally(() => {
        inFlight--;
        calls.delete(call);
        if (held) mayClaim = true;
        wake();
      });
    calls.add(call);
  }

  async function dispatch() {
    while (!stopped) {
      try {
        if (scannedSignals < eventSignals || Date.now() - lastScan > pollMs) {
          const signals = eventSignals;
          lastScan = Date.now();
          const started = await startRunsForEvents(sql, functions, SCAN_BATCH);
          // Only a full scan may have left events behind: then scan again before sleeping.
          if (started < SCAN_BATCH) scannedSignals = Math.max(scannedSignals, signals);
          if (started > 0) mayClaim = true;
        }
        const free = slots - inFlight;
        if (free > 0 && mayClaim && !stopped) {
          mayClaim = false;
          const runs = await claimDueRuns(sql, functions, {
            owner: workerId,
            count: free,
            leaseMs,
          });
          for (const run of runs) launch(run);
          // As many as asked: there may be more.
          if (runs.length === free) mayClaim = true;
        }
        if (scannedSignals < eventSignals || (mayClaim && slots > inFlight)) continue;
        await idle();
      } catch (error) {
        log.error(`runner: ${(error as Error).stack ?? error}`);
        if (!stopped) await sleep(250);
      }
    }
  }

  /** Sleeps until woken, the next run falls due, or the poll interval. */
  async function idle() {
    const seen = wakes;
    if (slots === inFlight) {
      await sleep(pollMs, seen); // a finished call wakes it
      return;
    }
    const due = await msUntilNextDue(sql, functionIds);
    // Due now yet not claimed: held by a concurrency limit (or a lost worker's last attempt).
    held = due === 0;
    if (held && Date.now() - lastLostCheck > pollMs) {
      lastLostCheck = Date.now();
      if ((await failLostRuns(sql, functionIds)) > 0) eventSignals++;
    }
    // While runs are held, their zero hides when the next other run falls due: look again soon.
    const waitMs =
      due === null ? pollMs : due === 0 ? Math.min(pollMs, HELD_RECHECK_MS) : Math.min(pollMs, due);
    // Woken sooner, whoever woke it said whether to claim.
    if (await sleep(waitMs, seen)) mayClaim = true;
  }

  let cronChecked = new Date();
  const cronTimer = setInterval(() => {
    const now = new Date();
    void startDueCronRuns(sql, functions, cronChecked, now)
      .then((started) => {
        cronChecked = now;
        if (started > 0) {
          mayClaim = true;
          wake();
        }
      })
      .catch((error) => log.error(`runner: cron: ${(error as Error).message}`));
  }, 1_000);

  const dispatcher = dispatch();
  log.info(`Embedded job runner started: ${functions.length} function(s), ${slots} slots`);

  let stopping: Promise<void> | undefined;
  return {
    functions,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(cronTimer);
        wake();
        await dispatcher;
        await Promise.allSettled([...calls]);
        await listener.close();
        await sql.end();
      })();
      return stopping;
    },
  };
}
