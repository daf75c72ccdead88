import type { JobRun, Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import type { RunnableFunction } from "./registry";

type Tx = Prisma.TransactionClient;
const active = ["queued", "running", "waiting"] as const;

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
      WHERE status::text IN ('queued', 'running', 'waiting') AND "nextAt" <= now()
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now()) AND "functionId" = ${fn.id}
      ORDER BY "nextAt" LIMIT 20 FOR UPDATE SKIP LOCKED`;
    for (const run of candidates) {
      // A lease that ran out under a worker means it died mid-call: that call counts as an
      // attempt, so a step that kills its process cannot be retried forever.
      const takeover = run.leasedBy !== null ? 1 : 0;
      if (run.attempt + takeover >= run.maxAttempts) {
        await tx.jobRun.update({
          where: { id: run.id },
          data: {
            status: "failed",
            error: { message: `The worker running this call was lost ${run.maxAttempts} times` },
            endedAt: new Date(),
            leasedBy: null,
            leaseUntil: null,
          },
        });
        continue;
      }
      const notBefore = await limitsAllow(tx, fn, run);
      if (notBefore) {
        await tx.jobRun.update({ where: { id: run.id }, data: { nextAt: notBefore } });
        continue;
      }
      return tx.jobRun.update({
        where: { id: run.id },
        data: {
          leasedBy: workerId,
          leaseUntil: new Date(Date.now() + leaseMs),
          attempt: run.attempt + takeover,
          status: "running",
          startedAt: run.startedAt ?? new Date(),
        },
      });
    }
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
      "leaseUntil" = ${new Date(Date.now() + leaseMs)},
      status = 'running',
      "startedAt" = coalesce("startedAt", now()),
      attempt = attempt + CASE WHEN "leasedBy" IS NULL THEN 0 ELSE 1 END,
      "updatedAt" = now()
    WHERE id = (
      SELECT id FROM "JobRun"
      WHERE status::text IN ('queued', 'running', 'waiting') AND "nextAt" <= now()
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        AND "functionId" = ${fn.id}
        AND attempt + CASE WHEN "leasedBy" IS NULL THEN 0 ELSE 1 END < "maxAttempts"
      ORDER BY "nextAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  // A raw row keeps an empty text[] as NULL, where Prisma's own reads give [].
  return run ? { ...run, stack: run.stack ?? [] } : null;
}

/** Null when the run may go now; otherwise the earliest time worth trying again. */
async function limitsAllow(tx: Tx, fn: RunnableFunction, run: JobRun): Promise<Date | null> {
  for (const rule of fn.concurrency) {
    const key = rule.key ? (run.concurrencyKey ?? "") : null;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`concurrency:${fn.id}:${key ?? "*"}`}))`;
    const running = await tx.jobRun.count({
      where: {
        functionId: fn.id,
        leaseUntil: { gt: new Date() },
        status: { in: [...active] },
        ...(key === null ? {} : { concurrencyKey: key }),
      },
    });
    if (running >= rule.limit) return new Date(Date.now() + 100);
  }
  if (fn.throttle && !run.startedAt) {
    const { limit, periodMs } = fn.throttle;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`throttle:${fn.id}:${run.throttleKey}`}))`;
    const recent = await tx.jobRun.findMany({
      where: {
        functionId: fn.id,
        throttleKey: run.throttleKey,
        startedAt: { gt: new Date(Date.now() - periodMs) },
      },
      select: { startedAt: true },
      orderBy: { startedAt: "asc" },
    });
    if (recent.length >= limit) {
      const oldest = recent[recent.length - limit]?.startedAt ?? new Date();
      return new Date(oldest.getTime() + periodMs);
    }
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
  const { count } = await db.jobRun.updateMany({
    where: { id: runId, leasedBy: workerId, status: "running" },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

/** The earliest time a run becomes due (or its lease expires), to sleep that long when idle. */
export async function nextDueAt(db: Db, functionIds: string[]): Promise<Date | null> {
  // Only runs this process can claim: another version's due runs must not keep it awake.
  const [row] = await db.$queryRaw<{ due: Date | null }[]>`
    SELECT min(greatest("nextAt", coalesce("leaseUntil", "nextAt"))) AS due FROM "JobRun"
    WHERE status::text IN ('queued', 'running', 'waiting') AND "functionId" = ANY(${functionIds})`;
  return row?.due ?? null;
}
