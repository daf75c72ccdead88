import { randomUUID } from "node:crypto";
import { type JobRun, Prisma } from "@/generated/prisma/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import { log } from "@/lib/log";
import { type CallContext, callContext } from "./call-context";
import { renewLease } from "./claim";
import { sleepTarget } from "./durations";
import { insertEventsSql, type StagedEvent, wakeRunnersIfAny } from "./event-intake";
import {
  type CallResult,
  callFunction,
  type Memo,
  type Op,
  type SdkEvent,
  type ServeHandler,
  stepName,
} from "./protocol";
import { failRunStatement } from "./run-failure";
import type { RunnerSql } from "./sql";
import {
  LeaseLost,
  type PendingSleep,
  type Planned,
  type StoredStep,
  storeCall,
} from "./store-call";

export { LeaseLost };

export interface ExecuteContext {
  sql: RunnerSql;
  handler: ServeHandler;
  appUrl: string;
  workerId: string;
  leaseMs: number;
  /** Delay before retry number `attempt` (1-based) of a failed call. */
  backoff(attempt: number): number;
}

/** Op kinds the SDK may send that the embedded runner does not carry out. */
const unsupportedOps = new Set([
  "WaitForEvent",
  "InvokeFunction",
  "WaitForSignal",
  "AIGateway",
  "Gateway",
]);

/**
 * Drives one claimed run call by call until it finishes or has to wait (a sleep, a retry
 * backoff). Every step result is stored before the next call, so a crash never runs a
 * stored step again; every store checks the lease, so a worker that lost it stops.
 */
export async function executeRun(ctx: ExecuteContext, claimed: JobRun): Promise<void> {
  let run = claimed;
  const memo = await loadMemo(ctx.sql, run);
  // A claimed run always gets a call: it is new, retried, or a sleep it waited on is due.
  let progressed = true;
  for (;;) {
    // A sleep is memoized when it falls due (by the database's clock, as of the last write),
    // not when planned: steps planned beside it run meanwhile, as on Inngest.
    const due = sleepsOf(run).filter((s) => new Date(s.until) <= run.updatedAt);
    if (due.length > 0) {
      run = await storeCall(ctx, run, {
        steps: due.map((s) => ({
          ...s,
          op: "Sleep",
          result: { data: null },
          startedAt: new Date(),
          durationMs: 0,
        })),
        sent: [],
        newSleeps: [],
        park: false,
      });
      for (const s of due) memo[s.id] = { data: null };
      progressed = true;
    }
    if (!progressed) return;
    const planned = run.planned as Planned;
    // The SDK times steps with Date.now() (whole milliseconds, timers may fire a little
    // early on it): a lone checkpointed step is timed on this runner's monotonic clock,
    // from the call's start or the previous checkpoint to its own.
    let lastMark = performance.now();
    const call: CallContext = {
      staged: [],
      stale: false,
      async checkpoint(ops) {
        const elapsedMs = ops.length === 1 ? performance.now() - lastMark : undefined;
        const steps = ops.map((op) => checkpointedStep(op, elapsedMs));
        try {
          run = await storeCall(ctx, run, {
            steps,
            sent: call.staged.splice(0),
            newSleeps: [],
            park: false,
          });
        } catch (error) {
          if (!(error instanceof LeaseLost)) throw error;
          call.stale = true;
          return false;
        }
        for (const s of steps) memo[s.id] = s.result;
        lastMark = performance.now();
        return true;
      },
    };
    const startedAt = new Date();
    const result = await withLease(ctx, run.id, () =>
      callContext.run(call, () =>
        callFunction(ctx.handler, {
          appUrl: ctx.appUrl,
          fnId: run.functionId,
          stepId: planned[0]?.id ?? "step",
          event: run.event as unknown as SdkEvent,
          events: (run.events as unknown as SdkEvent[] | null) ?? undefined,
          steps: memo,
          runId: run.id,
          attempt: run.attempt,
          maxAttempts: run.maxAttempts,
          disableImmediateExecution: run.disableImmediateExecution,
          stack: run.stack,
          dispatchId: `${ctx.workerId}:${randomUUID()}`,
        }),
      ),
    );
    if (call.stale) throw new LeaseLost(run.id);
    const durationMs = Date.now() - startedAt.getTime();
    const next = await settle(ctx, run, result, { startedAt, durationMs, memo, sent: call.staged });
    if (!next) return;
    ({ run, progressed } = next);
  }
}

/** A step the SDK checkpointed mid-call, as stored; `elapsedMs` as this runner measured it. */
function checkpointedStep(op: Op, elapsedMs?: number): StoredStep {
  const startedMs = op.timing ? op.timing.a / 1e6 : Date.now();
  return {
    id: op.id,
    name: stepName(op),
    op: "StepRun",
    result: { data: op.data ?? null },
    startedAt: new Date(startedMs),
    durationMs:
      elapsedMs !== undefined
        ? Math.ceil(elapsedMs)
        : op.timing
          ? Math.round(op.timing.b / 1e6)
          : 0,
  };
}

const sleepsOf = (run: JobRun) => (run.sleeps ?? []) as unknown as PendingSleep[];

/**
 * Applies one call's outcome. Returns the run to go on with (and whether the call made
 * progress, i.e. another call is worth making now), or null when the run ended or yielded.
 */
async function settle(
  ctx: ExecuteContext,
  run: JobRun,
  result: CallResult,
  call: { startedAt: Date; durationMs: number; memo: Record<string, Memo>; sent: StagedEvent[] },
): Promise<{ run: JobRun; progressed: boolean } | null> {
  if (result.kind === "complete") return complete(ctx, run, result.output, call.sent);
  if (result.kind === "error") {
    if (result.final || run.attempt + 1 >= run.maxAttempts) return fail(ctx, run, result.error);
    return retryLater(ctx, run, result.retryAfterMs, result.error);
  }

  const stored: StoredStep[] = [];
  const planned = [...(run.planned as Planned)];
  const pending = new Set(sleepsOf(run).map((s) => s.id));
  const newSleeps: { id: string; name: string; ms: number | null; at: string | null }[] = [];
  // After a parallel group (several ops still to do), Inngest plans every step on its own.
  const toDo = result.ops.filter((op) => !["StepRun", "StepFailed", "RunComplete"].includes(op.op));
  const disableImmediate = run.disableImmediateExecution || toDo.length > 1;
  let completed: { output: unknown } | null = null;
  for (const op of result.ops) {
    const name = stepName(op);
    const step = (opName: string, memo: Memo): StoredStep => ({
      id: op.id,
      name,
      op: opName,
      result: memo,
      startedAt: call.startedAt,
      durationMs: call.durationMs,
    });
    switch (op.op) {
      case "StepRun":
        stored.push(step("StepRun", { data: op.data ?? null }));
        break;
      case "StepFailed":
        stored.push(step("StepFailed", { error: op.error }));
        break;
      case "StepError":
        return retryLater(ctx, run, result.retryAfterMs, op.error);
      case "StepPlanned":
        if (!call.memo[op.id] && !planned.some((p) => p.id === op.id))
          planned.push({ id: op.id, name });
        break;
      case "Sleep":
        // Reported again on every call until it is due: plan it once.
        if (!call.memo[op.id] && !pending.has(op.id) && !newSleeps.some((s) => s.id === op.id))
          newSleeps.push({ id: op.id, name, ...sleepTarget(op.name ?? "0s") });
        break;
      case "RunComplete":
        completed = { output: op.data ?? null };
        break;
      default:
        return fail(ctx, run, {
          name: "UnsupportedOperation",
          message: unsupportedOps.has(op.op)
            ? `${op.op} (step "${name}") is not supported by the embedded runner; run on Inngest or remove it`
            : `Unknown operation ${op.op} (step "${name}")`,
        });
    }
  }
  if (completed) {
    // Steps the SDK returned beside the end of the run (it could not checkpoint them).
    const last = stored.length
      ? await storeCall(ctx, run, { steps: stored, sent: [], newSleeps: [], park: false })
      : run;
    return complete(ctx, last, completed.output, call.sent);
  }
  const done = new Set(stored.map((s) => s.id));
  const stillPlanned = planned.filter((p) => !done.has(p.id));
  for (const s of stored) call.memo[s.id] = s.result;
  // Nothing new came back (only sleeps already known): wait for the first of them.
  const progressed = stored.length > 0 || stillPlanned.length > 0;
  if (!progressed && pending.size + newSleeps.length === 0)
    return fail(ctx, run, {
      name: "NoProgress",
      message: "The function returned no operation to run",
    });
  const next = await storeCall(ctx, run, {
    steps: stored,
    sent: call.sent,
    newSleeps,
    planned: stillPlanned,
    disableImmediateExecution: disableImmediate,
    park: !progressed,
  });
  for (const s of stored)
    log.debug(`runner: ${s.op} "${s.name}"`, { run: run.id, ms: s.durationMs });
  return progressed ? { run: next, progressed } : null;
}

async function retryLater(
  ctx: ExecuteContext,
  run: JobRun,
  retryAfterMs: number | undefined,
  error: unknown,
) {
  const delay = retryAfterMs ?? ctx.backoff(run.attempt + 1);
  log.debug("runner: call failed, retrying", {
    run: run.id,
    attempt: run.attempt + 1,
    inMs: delay,
  });
  await release(
    ctx,
    run.id,
    Prisma.sql`status = 'waiting', attempt = attempt + 1, "nextAt" = now() + ${millisecondsInterval(delay)},
      error = ${JSON.stringify(error ?? null)}::jsonb`,
  );
  return null;
}

/** Fails the run and tells its failure handler, in one statement. */
async function fail(ctx: ExecuteContext, run: JobRun, error: unknown) {
  const [row] = await ctx.sql.rows<{ count: number }>(
    failRunStatement(
      run.id,
      error,
      Prisma.sql`"leasedBy" = ${ctx.workerId} AND status = 'running'`,
    ),
  );
  if (!row || row.count === 0) throw new LeaseLost(run.id);
  log.debug("runner: run failed", { run: run.id, fn: run.functionId });
  return null;
}

/** Completes the run; what its last call sent is stored in the same statement. */
async function complete(ctx: ExecuteContext, run: JobRun, output: unknown, sent: StagedEvent[]) {
  const [row] = await ctx.sql.rows<{ count: number }>(Prisma.sql`
    WITH done AS (
      UPDATE "JobRun" SET status = 'completed', output = ${JSON.stringify(output ?? null)}::jsonb,
        "endedAt" = now(), "leasedBy" = NULL, "leaseUntil" = NULL, "updatedAt" = now()
      WHERE id = ${run.id} AND "leasedBy" = ${ctx.workerId} AND status = 'running'
      RETURNING id
    ), sent AS (${insertEventsSql(sent, Prisma.sql`EXISTS (SELECT 1 FROM done)`)})
    SELECT (SELECT count(*)::int FROM done) AS count,
      ${wakeRunnersIfAny("sent")}`);
  if (!row || row.count === 0) throw new LeaseLost(run.id);
  log.debug("runner: run completed", { run: run.id, fn: run.functionId });
  return null;
}

async function release(ctx: ExecuteContext, runId: string, changes: Prisma.Sql) {
  const count = await ctx.sql.count(Prisma.sql`
    UPDATE "JobRun" SET ${changes}, "leasedBy" = NULL, "leaseUntil" = NULL, "updatedAt" = now()
    WHERE id = ${runId} AND "leasedBy" = ${ctx.workerId} AND status = 'running'`);
  if (count === 0) throw new LeaseLost(runId);
}

async function loadMemo(sql: RunnerSql, run: JobRun): Promise<Record<string, Memo>> {
  // Every stored step is on the stack: a run that has none needs no read.
  if (run.stack.length === 0) return {};
  const steps = await sql.rows<{ hashedId: string; result: Memo }>(Prisma.sql`
    SELECT "hashedId", result FROM "JobStep" WHERE "runId" = ${run.id}`);
  return Object.fromEntries(steps.map((s) => [s.hashedId, s.result]));
}

/** Keeps the lease alive while a call runs (a step may take longer than the lease). */
async function withLease<T>(
  ctx: ExecuteContext,
  runId: string,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    void renewLease(ctx.sql, runId, ctx.workerId, ctx.leaseMs).catch(() => {});
  }, ctx.leaseMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
