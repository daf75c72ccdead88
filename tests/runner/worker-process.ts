// Test support: runners in processes of their own (tests/fixtures/runner-worker.ts), which a
// test can stop cleanly or kill with SIGKILL. Every process started here is tracked, so that
// `killAllWorkers` in afterAll leaves none behind, whatever the assertions did.
import { type ChildProcess, spawn } from "node:child_process";

export interface WorkerProcess {
  pid: number;
  /** The runner's workerId, as stored in JobRun.leasedBy. */
  workerId: string;
  /** Kills the process with SIGKILL (a crash) and waits until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the runner stops cleanly), then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

const started = new Set<ChildProcess>();

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (gone(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function killNow(child: ChildProcess): Promise<void> {
  if (!gone(child)) {
    child.kill("SIGKILL");
    await exited(child, 30_000);
  }
  started.delete(child);
}

/** Starts a runner process on process.env.DATABASE_URL; resolves once it runs. */
export async function spawnWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/runner-worker.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.add(child);
  const workerId = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("runner-worker not ready after 90 s")), 90_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`runner-worker exited before it was ready (${code ?? signal})`));
    });
  }).catch(async (error: unknown) => {
    await killNow(child);
    throw error;
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout?.resume();
  return {
    pid: child.pid ?? 0,
    workerId,
    kill: () => killNow(child),
    async stop() {
      if (!gone(child)) {
        child.kill("SIGTERM");
        await exited(child, 20_000);
      }
      await killNow(child);
    },
  };
}

/** For afterAll: kills every runner process still alive. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...started].map(killNow));
}
