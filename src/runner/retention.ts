// The runner's own history, pruned: finished runs (their steps go with them) and processed
// events older than the retention are deleted a batch at a time, so no statement holds many
// locks for long while the runner works.
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import { log } from "@/lib/log";

/** Idempotency keys and event ids are de-duplicated for 24 h: their rows must outlive that. */
export const MIN_RETENTION_MS = 24 * 3_600_000;
const DEFAULT_BATCH_SIZE = 1_000;
/** Between batches, so the runner's own statements get their turn. */
const PAUSE_MS = 100;
const FIRST_PRUNE_AFTER_MS = 10_000;
const DEFAULT_EVERY_MS = 3_600_000;

export interface PruneOptions {
  retentionMs: number;
  batchSize?: number;
  /** Stops between batches once aborted (the prune resumes next time). */
  signal?: AbortSignal;
}

/** Deletes what the runner no longer needs; returns how many runs and events went. */
export async function pruneRunnerHistory(
  db: Db,
  opts: PruneOptions,
): Promise<{ runs: number; events: number }> {
  const retention = millisecondsInterval(effectiveRetentionMs(opts.retentionMs));
  const olderThan = Prisma.sql`now() - ${retention}`;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const runs = await inBatches(batchSize, opts.signal, (limit) =>
    deleteEndedRuns(db, olderThan, limit),
  );
  const events = await inBatches(batchSize, opts.signal, (limit) =>
    deleteProcessedEvents(db, olderThan, limit),
  );
  return { runs, events };
}

// Oldest first along an index, so a large backlog is walked once rather than scanned per batch;
// SKIP LOCKED: a row someone holds waits for the next batch instead of making us wait.

/** Only ended runs: a queued, running or waiting run is never deleted, however old. */
function deleteEndedRuns(db: Db, olderThan: Prisma.Sql, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "JobRun" WHERE id IN (
      SELECT id FROM "JobRun"
      WHERE status IN ('completed', 'failed', 'cancelled') AND "endedAt" < ${olderThan}
      ORDER BY "endedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
}

function deleteProcessedEvents(db: Db, olderThan: Prisma.Sql, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "JobEvent" WHERE id IN (
      SELECT id FROM "JobEvent"
      WHERE "processedAt" IS NOT NULL AND "processedAt" < ${olderThan}
      ORDER BY "processedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
}

/** The retention in force: never under 24 h. */
export function effectiveRetentionMs(retentionMs: number): number {
  return Math.max(retentionMs, MIN_RETENTION_MS);
}

/** Runs `deleteBatch` until a batch comes back short (or the signal aborts); the total deleted. */
async function inBatches(
  batchSize: number,
  signal: AbortSignal | undefined,
  deleteBatch: (limit: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  while (!signal?.aborted) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) break;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return total;
}

/**
 * Prunes shortly after start, then every `everyMs` (default 1 h). A failed prune is logged and
 * tried again next time; stop() ends a prune in flight after its current batch.
 */
export function startRunnerRetention(
  db: Db,
  opts: { retentionMs: number; everyMs?: number; firstAfterMs?: number },
): { stop(): Promise<void> } {
  const everyMs = opts.everyMs ?? DEFAULT_EVERY_MS;
  if (opts.retentionMs < MIN_RETENTION_MS) {
    log.warn("runner: retention under 24 h would break idempotency; keeping 24 h");
  }
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  async function prune() {
    try {
      const gone = await pruneRunnerHistory(db, {
        retentionMs: opts.retentionMs,
        signal: stopping.signal,
      });
      if (gone.runs > 0 || gone.events > 0) {
        log.info(
          `runner: retention deleted ${gone.runs} finished run(s) with their steps and ${gone.events} processed event(s)`,
        );
      }
    } catch (error) {
      log.error(`runner: retention: ${(error as Error).message}`);
    }
  }

  function scheduleIn(ms: number) {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      inFlight = prune().finally(() => {
        inFlight = undefined;
        scheduleIn(everyMs);
      });
    }, ms);
    timer.unref(); // never what keeps the process alive
  }

  scheduleIn(opts.firstAfterMs ?? FIRST_PRUNE_AFTER_MS);
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await inFlight;
    },
  };
}
