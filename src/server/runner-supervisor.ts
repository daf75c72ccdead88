import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Worker } from "node:worker_threads";
import { db } from "@/domain/db";
import { log } from "@/lib/log";
import { expireLeasesOf } from "@/runner/claim";
import { envSchema } from "./env";
import type { ThreadMetrics } from "./metrics/thread";
import type { MetricsReply, MetricsRequest } from "./runner-thread-port";

/**
 * How long stop() lets the runner finish its calls in flight before it ends the thread: a
 * step that hangs must not hold up a deploy. A run cut short keeps its lease, and another
 * process (or this one, restarted) resumes it from its stored steps once the lease expires.
 */
export const STOP_TIMEOUT_MS = 10_000;

/** After a crash: 1 s, doubling while the thread keeps crashing, at most 30 s apart. */
const defaultRestartDelay = (crashes: number) => Math.min(1_000 * 2 ** crashes, 30_000);

/** A scrape does without the thread's metrics rather than wait longer for them. */
const METRICS_TIMEOUT_MS = 2_000;

/** A thread that ran this long before crashing is not in a crash loop: restart quickly again. */
const STABLE_AFTER_MS = 60_000;

export interface RunnerThread {
  /** True while a runner thread is up: started and not exited (false while restarting). */
  alive(): boolean;
  /** Stops claiming work, waits for the calls in flight up to the stop timeout, ends the thread. */
  stop(): Promise<void>;
  /** The thread's own metrics (see metrics/thread.ts); undefined while it is down or busy. */
  metrics(): Promise<ThreadMetrics | undefined>;
}

export interface RunnerThreadOptions {
  /** The thread's module (default: the app's, see threadEntry); it uses serveRunnerThread. */
  entry?: URL;
  stopTimeoutMs?: number;
  /** Delay before restart number `crashes + 1` of a thread that died. */
  restartDelay?: (crashes: number) => number;
}

/**
 * Runs the embedded runner in a worker thread and keeps it running: a thread that exits
 * or fails unexpectedly is restarted after a backoff, so background work resumes without a
 * process restart. Resolves once the first thread is up; rejects with why it could not start.
 */
export async function startRunnerThread(options: RunnerThreadOptions = {}): Promise<RunnerThread> {
  const entry = options.entry ?? threadEntry();
  const stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
  const restartDelay = options.restartDelay ?? defaultRestartDelay;
  let thread: Worker | undefined;
  let alive = false;
  let stopping = false;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let leasesEnded: Promise<void> = Promise.resolve();
  let metricsAsked = 0;
  const metricsAwaited = new Map<number, (metrics: ThreadMetrics) => void>();

  /** Starts a thread; resolves when its runner is up, rejects when it dies before. */
  function launch(): Promise<void> {
    return new Promise((resolve, reject) => {
      const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
      const worker = spawnThread(entry, workerId);
      thread = worker;
      let startedAt: number | undefined;
      worker.on("message", (message) => {
        const reply = message as MetricsReply;
        if (typeof reply.metricsFor === "number")
          metricsAwaited.get(reply.metricsFor)?.(reply.metrics);
        if (message !== "started") return;
        startedAt = Date.now();
        alive = true;
        resolve();
      });
      worker.on("error", (error) => {
        if (startedAt === undefined) reject(error);
        else log.error(`runner thread failed: ${error.stack ?? error.message}`);
      });
      worker.on("exit", (code) => {
        if (thread === worker) [thread, alive] = [undefined, false];
        // Its calls died with it (crash, or ended at shutdown): their runs need not wait out
        // the lease. After a clean stop it holds none.
        leasesEnded = expireLeasesOf(db, workerId).then(
          () => {},
          (error: Error) => log.warn(`runner thread: could not end its leases: ${error.message}`),
        );
        if (startedAt === undefined) return reject(new Error(`runner thread exited (${code})`));
        if (stopping) return;
        if (Date.now() - startedAt > STABLE_AFTER_MS) crashes = 0;
        restartLater(`exited unexpectedly (code ${code})`);
      });
    });
  }

  function restartLater(why: string) {
    const delay = restartDelay(crashes++);
    log.error(`runner thread ${why}; restarting it in ${delay} ms`);
    restartTimer = setTimeout(() => {
      if (stopping) return;
      launch().then(
        () => log.info("runner thread restarted"),
        (error: Error) => {
          if (!stopping) restartLater(`did not start: ${error.message}`);
        },
      );
    }, delay);
  }

  await launch();
  let stopped: Promise<void> | undefined;
  return {
    alive: () => alive,
    metrics() {
      const worker = thread;
      if (!worker || !alive) return Promise.resolve(undefined);
      const id = ++metricsAsked;
      return new Promise((resolve) => {
        const answered = (metrics: ThreadMetrics | undefined) => {
          clearTimeout(timer);
          metricsAwaited.delete(id);
          resolve(metrics);
        };
        const timer = setTimeout(() => answered(undefined), METRICS_TIMEOUT_MS);
        metricsAwaited.set(id, answered);
        worker.postMessage({ metrics: id } satisfies MetricsRequest);
      });
    },
    stop() {
      stopping = true;
      clearTimeout(restartTimer);
      stopped ??= (thread ? stopThread(thread, stopTimeoutMs) : Promise.resolve()).then(
        () => leasesEnded,
      );
      return stopped;
    },
  };
}

/**
 * runner-thread.ts beside this file when run from source; bundled (npm start, see
 * scripts/bundle-server.mjs), runner-thread.mjs beside the bundle this code is in.
 */
function threadEntry(): URL {
  const bundled = !import.meta.url.endsWith(".ts");
  return new URL(bundled ? "./runner-thread.mjs" : "./runner-thread.ts", import.meta.url);
}

/** A TypeScript entry needs tsx in the thread too (workers do not inherit loaders); a bundle, not. */
function spawnThread(entry: URL, workerId: string): Worker {
  const load = entry.pathname.endsWith(".ts")
    ? `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`
    : `import(${JSON.stringify(entry.href)})`;
  return new Worker(load, { eval: true, workerData: { workerId }, env: runnerEnv() });
}

/**
 * The thread sees only the settings Switchyard, the Inngest SDK and the OpenTelemetry SDK
 * read: the Inngest SDK copies process.env on every call, which took 6% of the thread's time
 * in a delivery burst.
 */
function runnerEnv(): Record<string, string | undefined> {
  const names = new Set(Object.keys(envSchema.shape));
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => names.has(name) || /^(INNGEST_|OTEL_|NODE_|TSX_|TZ$|PATH$)/.test(name),
    ),
  );
}

/** Asks the thread to stop; ends it when it is done or when `timeoutMs` has passed. */
function stopThread(thread: Worker, timeoutMs: number): Promise<void> {
  return new Promise((stopped) => {
    const deadline = setTimeout(() => {
      log.warn(
        `runner thread: calls still in flight after ${timeoutMs} ms; ending the thread (another worker takes their runs over)`,
      );
      void thread.terminate();
    }, timeoutMs);
    thread.once("exit", () => {
      clearTimeout(deadline);
      stopped();
    });
    thread.on("message", (message) => {
      if (message === "stopped") void thread.terminate();
    });
    thread.postMessage("stop");
  });
}
