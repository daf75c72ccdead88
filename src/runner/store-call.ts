import { type JobRun, Prisma } from "@/generated/prisma/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import { newId } from "@/lib/ids";
import { insertEventsSql, type StagedEvent, wakeRunnersIfAny } from "./event-intake";
import type { Memo } from "./protocol";
import type { RunnerSql } from "./sql";

export type Planned = { id: string; name: string }[];

/** A sleep the function waits on; `until` is an ISO time set by the database's clock. */
export interface PendingSleep {
  id: string;
  name: string;
  until: string;
}

/** A step result to memoize: `id` is the SDK's hashed step id. */
export interface StoredStep {
  id: string;
  name: string;
  op: string;
  result: Memo;
  startedAt: Date;
  durationMs: number;
}

export interface CallOutcome {
  steps: StoredStep[];
  /** Events the call sent: stored with its steps, so a step that runs again never sends twice. */
  sent: StagedEvent[];
  /** Sleeps first reported by this call: `ms` from now, or `at` an ISO time. */
  newSleeps: { id: string; name: string; ms: number | null; at: string | null }[];
  planned?: Planned;
  disableImmediateExecution?: boolean;
  /** Nothing to call now: wait, without a lease, until the first pending sleep is due. */
  park: boolean;
}

/**
 * Stores a call's steps, the events it sent and the run's new state in one statement (the
 * runner's hottest write), only while this worker still holds the run. Returns the run as
 * stored; its `updatedAt` is the database's clock at the time of the write.
 */
export async function storeCall(
  ctx: { sql: RunnerSql; workerId: string; leaseMs: number },
  run: JobRun,
  outcome: CallOutcome,
): Promise<JobRun> {
  const steps = outcome.steps.map((step) => ({
    id: newId("jobStep"),
    hashedId: step.id,
    name: step.name,
    op: step.op,
    result: step.result,
    retries: run.attempt,
    startedAt: step.startedAt.toISOString(),
    durationMs: step.durationMs,
  }));
  const memoized = outcome.steps.map((step) => step.id);
  const planned = outcome.planned ?? (run.planned as Planned);
  const disableImmediate = outcome.disableImmediateExecution ?? run.disableImmediateExecution;
  const [row] = await ctx.sql.rows<JobRun & { notified: unknown }>(Prisma.sql`
    WITH added AS (
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name,
        'until', coalesce(s.at, now() + coalesce(s.ms, 0) * interval '1 millisecond'))), '[]'::jsonb)
        AS sleeps
      FROM jsonb_to_recordset(${JSON.stringify(outcome.newSleeps)}::jsonb)
        AS s(id text, name text, ms float8, at timestamptz)
    ), kept AS (
      SELECT coalesce(jsonb_agg(e), '[]'::jsonb) AS sleeps
      FROM "JobRun" r, jsonb_array_elements(r.sleeps) e
      WHERE r.id = ${run.id} AND NOT (e->>'id' = ANY(${memoized}::text[]))
    ), updated AS (
      UPDATE "JobRun" r SET
        stack = coalesce(r.stack, '{}') || ${memoized}::text[],
        planned = ${JSON.stringify(planned)}::jsonb,
        sleeps = kept.sleeps || added.sleeps,
        attempt = 0,
        "disableImmediateExecution" = ${disableImmediate},
        status = CASE WHEN ${outcome.park} THEN 'waiting'::"JobRunStatus" ELSE 'running' END,
        "nextAt" = CASE WHEN ${outcome.park}
          THEN (SELECT min((e->>'until')::timestamptz)
                FROM jsonb_array_elements(kept.sleeps || added.sleeps) e)
          ELSE r."nextAt" END,
        "leasedBy" = CASE WHEN ${outcome.park} THEN NULL ELSE r."leasedBy" END,
        -- Every store renews the lease: a run of many short steps outlasts it.
        "leaseUntil" = CASE WHEN ${outcome.park} THEN NULL
          ELSE now() + ${millisecondsInterval(ctx.leaseMs)} END,
        "updatedAt" = now()
      FROM kept, added
      WHERE r.id = ${run.id} AND r."leasedBy" = ${ctx.workerId} AND r.status = 'running'
      RETURNING r.*
    ), steps AS (
      INSERT INTO "JobStep"
        (id, "runId", "hashedId", name, op, result, retries, "startedAt", "endedAt", "durationMs")
      SELECT s.id, ${run.id}, s."hashedId", s.name, s.op, s.result, s.retries, s."startedAt",
        now(), s."durationMs"
      FROM jsonb_to_recordset(${JSON.stringify(steps)}::jsonb) AS s(
        id text, "hashedId" text, name text, op text, result jsonb, retries int,
        "startedAt" timestamptz, "durationMs" int)
      WHERE EXISTS (SELECT 1 FROM updated)
      ON CONFLICT ("runId", "hashedId") DO NOTHING
    ), sent AS (${insertEventsSql(outcome.sent, Prisma.sql`EXISTS (SELECT 1 FROM updated)`)})
    SELECT updated.*,
      ${wakeRunnersIfAny("sent")} AS notified
    FROM updated`);
  if (!row) throw new LeaseLost(run.id);
  const { notified: _, ...stored } = row;
  return withStack(stored);
}

/** A raw row keeps an empty text[] as NULL, where Prisma's own reads give []. */
export const withStack = (run: JobRun): JobRun => ({ ...run, stack: run.stack ?? [] });

/** This worker no longer owns the run (its lease expired and another took it, or it was cancelled). */
export class LeaseLost extends Error {
  constructor(runId: string) {
    super(`Lost the lease on run ${runId}`);
    this.name = "LeaseLost";
  }
}
