import { type JobRun, Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import type { RunnableFunction } from "./registry";
import { failRunStatement } from "./run-failure";
import type { RunnerSql } from "./sql";
import { withStack } from "./store-call";
import { throttleWaitMs } from "./throttle";

// Every time the runner compares (leases, due times) is computed in SQL from the database's
// now(): two hosts whose clocks disagree still agree on who owns a run.

const ACTIVE = Prisma.sql`('queued', 'running', 'waiting')`;
/** Claims of every runner process take turns: admission counts what the others just took. */
const CLAIM_LOCK = Prisma.sql`pg_advisory_xact_lock(hashtext('switchyard runner claims'))`;
const NO_LIMIT = 2_147_483_647;

/**
 * Takes up to `count` due runs of the served functions in one statement, each owned through
 * a lease under a name of its own (`${owner}/${claim}:${runId}`), so a run taken over later,
 * even by this process, never passes its old owner's checks. Concurrency limits are admitted
 * in SQL: per function and key, the runs already leased plus the rank of the candidate must
 * stay within the limit, so a backlog of one key never hides another key's runs. Functions
 * take turns (rank within each function first), as Inngest gives each its own queue. Runs of
 * functions this process does not serve (another version, in a rolling deploy) wait for a
 * process that serves them.
 */
export async function claimDueRuns(
  sql: RunnerSql,
  functions: RunnableFunction[],
  opts: { owner: string; count: number; leaseMs: number },
): Promise<JobRun[]> {
  if (opts.count <= 0 || functions.length === 0) return [];
  const limited = functions.some((fn) => fn.concurrency.length > 0 || fn.throttle);
  const claim = (tx: RunnerSql) => claimStatement(tx, functions, opts);
  if (!limited) return claim(sql);
  return sql.transaction(async (tx) => {
    await tx.rows(Prisma.sql`SELECT ${CLAIM_LOCK}`);
    const runs = await claim(tx);
    const throttled = functions.filter((fn) => fn.throttle);
    if (throttled.length > 0 && runs.length < opts.count)
      runs.push(
        ...(await claimThrottled(tx, throttled, { ...opts, count: opts.count - runs.length })),
      );
    return runs;
  });
}

async function claimStatement(
  tx: RunnerSql,
  functions: RunnableFunction[],
  opts: { owner: string; count: number; leaseMs: number },
): Promise<JobRun[]> {
  const rows = await tx.rows<JobRun>(claimSql(functions, opts));
  return rows.map(withStack);
}

/** The claim statement (exported for the test that EXPLAINs it against a long history). */
export function claimSql(
  functions: RunnableFunction[],
  opts: { owner: string; count: number; leaseMs: number },
): Prisma.Sql {
  const keyLimit = (fn: RunnableFunction) =>
    fn.concurrency.find((r) => r.key && !r.shared)?.limit ?? NO_LIMIT;
  const sharedLimit = (fn: RunnableFunction) =>
    fn.concurrency.find((r) => r.shared)?.limit ?? NO_LIMIT;
  const fnLimit = (fn: RunnableFunction) => fn.concurrency.find((r) => !r.key)?.limit ?? NO_LIMIT;
  // Runs of a throttled function that have not started yet go through claimThrottled.
  const throttledIds = functions.filter((fn) => fn.throttle).map((fn) => fn.id);
  return Prisma.sql`
    WITH limits AS (
      SELECT * FROM unnest(${functions.map((fn) => fn.id)}::text[],
        ${functions.map(keyLimit)}::int[], ${functions.map(fnLimit)}::int[],
        ${functions.map(sharedLimit)}::int[])
        AS l(fn, key_limit, fn_limit, shared_limit)
    ), leased_shared AS (
      -- A shared key counts the leased runs of every function, served here or not.
      SELECT "sharedKey", count(*)::int AS n FROM "JobRun"
      WHERE status IN ${ACTIVE} AND "leaseUntil" > now() AND "sharedKey" IS NOT NULL
      GROUP BY "sharedKey"
    ), leased AS (
      SELECT "functionId", "concurrencyKey", count(*)::int AS n FROM "JobRun"
      WHERE status IN ${ACTIVE} AND "leaseUntil" > now()
        AND "functionId" = ANY(${functions.map((fn) => fn.id)}::text[])
      GROUP BY "functionId", "concurrencyKey"
    ), leased_fn AS (
      SELECT "functionId", sum(n)::int AS n FROM leased GROUP BY "functionId"
    ), due AS (
      SELECT r.id, r."functionId", r."concurrencyKey", r."sharedKey", r."nextAt",
        row_number() OVER (PARTITION BY r."functionId", r."concurrencyKey"
                           ORDER BY r."nextAt", r.id) AS key_rank
      FROM "JobRun" r
      WHERE r.status IN ${ACTIVE} AND r."nextAt" <= now()
        AND (r."leaseUntil" IS NULL OR r."leaseUntil" < now())
        AND r."functionId" = ANY(${functions.map((fn) => fn.id)}::text[])
        -- A takeover that would exhaust the attempts is failed instead (failLostRuns).
        AND r.attempt + CASE WHEN r."leasedBy" IS NULL THEN 0 ELSE 1 END < r."maxAttempts"
        AND NOT (r."functionId" = ANY(${throttledIds}::text[]) AND r."startedAt" IS NULL
                 AND r."throttleKey" IS NOT NULL)
    ), within_key AS (
      SELECT d.*, row_number() OVER (PARTITION BY d."sharedKey" ORDER BY d."nextAt", d.id)
        AS shared_rank
      FROM due d JOIN limits l ON l.fn = d."functionId"
      LEFT JOIN leased k ON k."functionId" = d."functionId"
        AND k."concurrencyKey" IS NOT DISTINCT FROM d."concurrencyKey"
      -- A run whose key could not be evaluated is held only by the function-wide limit.
      WHERE d."concurrencyKey" IS NULL OR d.key_rank + coalesce(k.n, 0) <= l.key_limit
    ), within_shared AS (
      SELECT w.*, row_number() OVER (PARTITION BY w."functionId" ORDER BY w."nextAt", w.id)
        AS fn_rank
      FROM within_key w JOIN limits l ON l.fn = w."functionId"
      LEFT JOIN leased_shared s ON s."sharedKey" = w."sharedKey"
      WHERE w."sharedKey" IS NULL OR w.shared_rank + coalesce(s.n, 0) <= l.shared_limit
    ), admitted AS (
      SELECT w.id FROM within_shared w JOIN limits l ON l.fn = w."functionId"
      LEFT JOIN leased_fn f ON f."functionId" = w."functionId"
      WHERE w.fn_rank + coalesce(f.n, 0) <= l.fn_limit
      ORDER BY w.fn_rank, w."nextAt"
      LIMIT ${opts.count}
    )
    UPDATE "JobRun" r SET
      "leasedBy" = ${`${opts.owner}/${nextClaim()}:`} || r.id,
      "leaseUntil" = now() + ${millisecondsInterval(opts.leaseMs)},
      status = 'running',
      "startedAt" = coalesce(r."startedAt", now()),
      -- A lease that ran out under a worker means it died mid-call: that call was an attempt.
      attempt = r.attempt + CASE WHEN r."leasedBy" IS NULL THEN 0 ELSE 1 END,
      "updatedAt" = now()
    FROM admitted
    WHERE r.id = admitted.id AND r.status IN ${ACTIVE}
      AND (r."leaseUntil" IS NULL OR r."leaseUntil" < now())
    RETURNING r.*`;
}

let claims = 0;
const nextClaim = () => (++claims).toString(36);

/**
 * Runs of throttled functions that have not started: each takes a throttle slot (GCRA,
 * throttle.ts) or is pushed back until its slot, without taking one.
 */
async function claimThrottled(
  tx: RunnerSql,
  functions: RunnableFunction[],
  opts: { owner: string; count: number; leaseMs: number },
): Promise<JobRun[]> {
  const candidates = await tx.rows<JobRun>(Prisma.sql`
    SELECT * FROM "JobRun"
    WHERE status IN ${ACTIVE} AND "nextAt" <= now() AND "leaseUntil" IS NULL
      AND "startedAt" IS NULL AND "throttleKey" IS NOT NULL
      AND "functionId" = ANY(${functions.map((fn) => fn.id)}::text[])
    ORDER BY "nextAt" LIMIT ${opts.count * 4} FOR UPDATE SKIP LOCKED`);
  const claimed: JobRun[] = [];
  // A key refused once is refused for the rest of this claim: its runs wait as long.
  const refused = new Map<string, number>();
  for (const run of candidates) {
    if (claimed.length >= opts.count) break;
    const fn = functions.find((f) => f.id === run.functionId);
    if (!fn?.throttle || run.throttleKey === null) continue;
    const refusal = `${fn.id}\n${run.throttleKey}`;
    const { limit, periodMs, burst } = fn.throttle;
    const waitMs =
      refused.get(refusal) ??
      (await throttleWaitMs(tx, {
        functionId: fn.id,
        key: run.throttleKey,
        limit,
        periodMs,
        burst,
      }));
    if (waitMs !== null) {
      refused.set(refusal, waitMs);
      await tx.count(Prisma.sql`
        UPDATE "JobRun" SET "nextAt" = now() + ${millisecondsInterval(waitMs)} WHERE id = ${run.id}`);
      continue;
    }
    const [row] = await tx.rows<JobRun>(Prisma.sql`
      UPDATE "JobRun" SET "leasedBy" = ${`${opts.owner}/${nextClaim()}:`} || id,
        "leaseUntil" = now() + ${millisecondsInterval(opts.leaseMs)}, status = 'running',
        "startedAt" = now(), "updatedAt" = now()
      WHERE id = ${run.id} RETURNING *`);
    if (row) claimed.push(withStack(row));
  }
  return claimed;
}

/**
 * Fails runs whose worker was lost as many times as they may be attempted: a step that kills
 * its process cannot be retried forever. Rare; checked when the runner is idle.
 */
export async function failLostRuns(sql: RunnerSql, functionIds: string[]): Promise<number> {
  const lost = await sql.rows<{ id: string; maxAttempts: number }>(Prisma.sql`
    SELECT id, "maxAttempts" FROM "JobRun"
    WHERE status IN ${ACTIVE} AND "leasedBy" IS NOT NULL AND "leaseUntil" < now()
      AND attempt + 1 >= "maxAttempts" AND "functionId" = ANY(${functionIds}::text[])
    LIMIT 100`);
  for (const run of lost) {
    const message = `The worker running this call was lost ${run.maxAttempts} times`;
    await sql.rows(
      failRunStatement(
        run.id,
        { name: "WorkerLost", message },
        Prisma.sql`"leasedBy" IS NOT NULL AND "leaseUntil" < now()`,
      ),
    );
  }
  return lost.length;
}

/** Extends this owner's lease; false when the run is no longer its (lease lost, cancelled). */
export async function renewLease(
  sql: RunnerSql,
  runId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const count = await sql.count(Prisma.sql`
    UPDATE "JobRun" SET "leaseUntil" = now() + ${millisecondsInterval(leaseMs)}
    WHERE id = ${runId} AND "leasedBy" = ${owner} AND status = 'running'`);
  return count === 1;
}

/**
 * How long until the earliest run of these functions becomes due (or its lease expires), in
 * milliseconds by the database's clock; null when none is waiting.
 */
export async function msUntilNextDue(
  sql: RunnerSql,
  functionIds: string[],
): Promise<number | null> {
  // Only runs this process can claim: another version's due runs must not keep it awake.
  const [row] = await sql.rows<{ waitMs: number | null }>(Prisma.sql`
    SELECT CASE WHEN count(*) > 0 THEN greatest(0, extract(epoch FROM
      (min(greatest("nextAt", coalesce("leaseUntil", "nextAt"))) - now())) * 1000)::float8 END
      AS "waitMs"
    FROM "JobRun"
    WHERE status IN ${ACTIVE} AND "functionId" = ANY(${functionIds}::text[])`);
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
