// How bench:subjects asks a server it started what it holds: a message over the IPC channel,
// answered with the long-polls waiting in it and its memory.
import type { ChildProcess } from "node:child_process";

export interface HeldStats {
  waiting: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/**
 * In the server process: answer every message with its stats, after a garbage collection if
 * it asks for one (and node runs with --expose-gc); leave when the bench does.
 */
export function reportHeldStats(waiting: () => number) {
  process.on("disconnect", () => process.exit(0));
  process.on("message", (ask: { collect?: boolean }) => {
    if (ask.collect) (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const stats: HeldStats = {
      waiting: waiting(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    };
    process.send?.(stats);
  });
}

/** In the bench: the server's stats now; `collect` first collects its garbage (slow). */
export function askHeldStats(child: ChildProcess, collect = false): Promise<HeldStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not report its stats")), 5_000);
    child.once("message", (stats) => {
      clearTimeout(timer);
      resolve(stats as HeldStats);
    });
    child.send({ collect });
  });
}
