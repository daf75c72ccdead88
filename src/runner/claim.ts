import { type JobRun, Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import type { RunnableFunction } from "./registry";
import { failRunStatement } from "./run-failure";
import { withStack } from "./store-call";
import { throttleWaitMs } from "./throttle";

type Tx = Prisma.TransactionClient;

// Every time the runner compares (leases, due times, throttle slots) is computed in SQL from
// the database's now(): two hosts whose clocks disagree still agree on who owns a run.

/**
 * Takes one due run of `fn` for this worker: rows are picked with SKIP LOCKED (no two
 * workers pick the same run) and owned through a lease, so a run whose worker died is taken
 * over once the lease expires. Concurrency and throttle limits are checked under an advisory
 * lock per function and key, so two processes cannot both take the last free slot. Runs of
 * functions this process does not serve (another version, in a rolling deploy) are never
 * picked: they wait for a process that serves them.
 */
export async function claimRun(
  db: Db,
  fn: RunnableFunction,
  workerId: string,
  leaseMs: number,
): Promise<JobRun | null> {
  const fast = await claimUnlimitedRun(db, fn, workerId, leaseMs);
  if (fast) return fast;
  return db.$transaction(async (tx) => {
    const candidates = await tx.$queryRaw<JobRun[]>`
      SELECT * FROM "JobRun"
      WHERE status IN ('queued', 'running', 'waiting') AND "nextAt" <= now()
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now()) AND "functionId" = ${fn.id}
      ORDER BY "nextAt" LIMIT 20 FOR UPDATE SKIP LOCKED`;
    // Runs whose key is full step aside together (one statement, only those locked here), so
    // a backlog of one key never hides another key's runs from the next claim.
    const fullKeys = new Map<string, number>();
    const deferred: { id: string; waitMs: number }[] = [];
    const deferAll = () =>
      deferred.length === 0
        ? Promise.resolve(0)
        : tx.$executeRaw`
            UPDATE "JobRun" j SET "nextAt" = now() + d.ms * interval '1 millisecond'
            FROM unnest(${deferred.map((d) => d.id)}::text[], ${deferred.map((d) => d.waitMs)}::float8[])
              AS d(id, ms)
            WHERE j.id = d.id`;
    for (const run of candidates) {
      // A lease that ran out under a worker means it died mid-call: that call counts as an
      // attempt, so a step that kills its process cannot be retried forever.
      const takeover = run.leasedBy !== null ? 1 : 0;
      if (run.attempt + takeover >= run.maxAttempts) {
        const message = `The worker running this call was lost ${run.maxAttempts} times`;
        await tx.$queryRaw(
          failRunStatement(run.id, { name: "WorkerLost", message }, Prisma.sql`true`),
        );
        continue;
      }
      const keyWait = run.concurrencyKey === null ? undefined : fullKeys.get(run.concurrencyKey);
      const waitMs = keyWait ?? (await limitsAllow(tx, fn, run));
      if (waitMs === "busy") continue;
      if (waitMs !== null) {
        deferred.push({ id: run.id, waitMs });
        if (run.concurrencyKey !== null) fullKeys.set(run.concurrencyKey, waitMs);
        continue;
      }
      await deferAll();
      const [claimed] = await tx.$queryRaw<JobRun[]>`
        UPDATE "JobRun" SET "leasedBy" = ${workerId}, "leaseUntil" = now() + ${millisecondsInterval(leaseMs)},
          attempt = attempt + ${takeover}, status = 'running',
          "startedAt" = coalesce("startedAt", now()), "updatedAt" = now()
        WHERE id = ${run.id} RETURNING *`;
      return claimed ? withStack(claimed) : null;
    }
    await deferAll();
    return null;
  });
}

/**
 * The common case in one statement: a due run of a function with no concurrency or throttle
 * limit. Takeovers that would exhaust the attempts are left to the general path.
 */
async function claimUnlimitedRun(
  db: Db,
  fn: RunnableFunction,
  workerId: string,
  leaseMs: number,
): Promise<JobRun | null> {
  if (fn.concurrency.length > 0 || fn.throttle) return null;
  const [run] = await db.$queryRaw<JobRun[]>`
    UPDATE "JobRun" SET
      "leasedBy" = ${workerId},
      "leaseUntil" = now() + ${millisecondsInterval(leaseMs)},
      status = 'running',
      "startedAt" = coalesce("startedAt", now()),
      attempt = attempt + CASE WHEN "leasedBy" IS NULL THEN 0 ELSE 1 END,
      "updatedAt" = now()
    WHERE id = (
      SELECT id FROM "JobRun"
      WHERE status IN ('queued', 'running', 'waiting') AND "nextAt" <= now()
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        AND "functionId" = ${fn.id}
        AND attempt + CASE WHEN "leasedBy" IS NULL THEN 0 ELSE 1 END < "maxAttempts"
      ORDER BY "nextAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  return run ? withStack(run) : null;
}

/**
 * Null when the run may go now; otherwise how long to wait before trying it again, or "busy"
 * when another worker is deciding for the same key right now (it is left for the next claim).
 * Locks are tried, never waited for: a claim holding one key's lock while waiting for another's
 * could deadlock with a claim doing the reverse.
 */
async function limitsAllow(
  tx: Tx,
  fn: RunnableFunction,
  run: JobRun,
): Promise<number | null | "busy"> {
  const locked = async (name: string) => {
    const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext(${name})) AS locked`;
    return row?.locked === true;
  };
  for (const rule of fn.concurrency) {
    // A run whose key could not be evaluated is held only by the function-wide limits.
    if (rule.key && run.concurrencyKey === null) continue;
    const key = rule.key ? run.concurrencyKey : null;
    if (!(await locked(`concurrency:${fn.id}:${key ?? "*"}`))) return "busy";
    const [row] = await tx.$queryRaw<{ running: number }[]>`
      SELECT count(*)::int AS running FROM "JobRun"
      WHERE "functionId" = ${fn.id} AND "leaseUntil" > now()
        AND status IN ('queued', 'running', 'waiting')
        AND (${key}::text IS NULL OR "concurrencyKey" = ${key})`;
    if ((row?.running ?? 0) >= rule.limit) return 100;
  }
  // Last: a start the throttle books must not then be held back by another limit.
  if (fn.throttle && !run.startedAt && run.throttleKey !== null) {
    if (!(await locked(`throttle:${fn.id}:${run.throttleKey}`))) return "busy";
    const { limit, periodMs, burst } = fn.throttle;
    return throttleWaitMs(tx, { functionId: fn.id, key: run.throttleKey, limit, periodMs, burst });
  }
  return null;
}

/** Extends this worker's lease; false when the run is no longer ours (lease lost, cancelled). */
export async function renewLease(
  db: Db,
  runId: string,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "JobRun" SET "leaseUntil" = now() + ${millisecondsInterval(leaseMs)}
    WHERE id = ${runId} AND "leasedBy" = ${workerId} AND status = 'running'`;
  return count === 1;
}

/**
 * How long until the earliest run of these functions becomes due (or its lease expires), in
 * milliseconds by the database's clock; null when none is waiting.
 */
export async function msUntilNextDue(db: Db, functionIds: string[]): Promise<number | null> {
  // Only runs this process can claim: another version's due runs must not keep it awake.
  const [row] = await db.$queryRaw<{ waitMs: number | null }[]>`
    SELECT CASE WHEN count(*) > 0 THEN greatest(0, extract(epoch FROM
      (min(greatest("nextAt", coalesce("leaseUntil", "nextAt"))) - now())) * 1000)::float8 END
      AS "waitMs"
    FROM "JobRun"
    WHERE status IN ('queued', 'running', 'waiting') AND "functionId" = ANY(${functionIds})`;
  return row?.waitMs ?? null;
}

/**
 * Ends the leases of a runner that is gone (its thread crashed or was ended at shutdown):
 * its runs are taken over at once instead of after the lease, counting the lost call as an
 * attempt as any takeover does.
 */
export async function expireLeasesOf(db: Db, workerId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE "JobRun" SET "leaseUntil" = now()
    WHERE "leasedBy" LIKE ${`${workerId}/%`} AND status = 'running' AND "leaseUntil" > now()`;
}
