import type { JobRun } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { renewLease } from "./claim";
import { msUntil } from "./durations";
import { acceptEvents } from "./event-intake";
import {
  type CallResult,
  callFunction,
  type Memo,
  type SdkEvent,
  type ServeHandler,
} from "./protocol";

export interface ExecuteContext {
  db: Db;
  handler: ServeHandler;
  appUrl: string;
  workerId: string;
  leaseMs: number;
  /** Delay before retry number `attempt` (1-based) of a failed call. */
  backoff(attempt: number): number;
}

interface StoredStep {
  hashedId: string;
  name: string;
  op: string;
  result: Memo;
  retries: number;
  startedAt: Date;
  durationMs: number;
}

type Planned = { id: string; name: string }[];

/** Op kinds the SDK may send that the embedded runner does not carry out. */
const unsupportedOps = new Set([
  "WaitForEvent",
  "InvokeFunction",
  "WaitForSignal",
  "AIGateway",
  "Gateway",
]);

/**
 * Drives one claimed run call by call until it finishes or has to wait (sleep, retry
 * backoff). Every step result is stored before the next call, so a crash never runs a
 * stored step again; every store checks the lease, so a worker that lost it stops.
 */
export async function executeRun(ctx: ExecuteContext, claimed: JobRun): Promise<void> {
  let run = claimed;
  const memo = await loadMemo(ctx.db, run.id);
  for (;;) {
    const planned = run.planned as Planned;
    const stepId = planned[0]?.id ?? "step";
    const startedAt = new Date();
    const result = await withLease(ctx, run.id, () =>
      callFunction(ctx.handler, {
        appUrl: ctx.appUrl,
        fnId: run.functionId,
        stepId,
        event: run.event as unknown as SdkEvent,
        steps: memo,
        runId: run.id,
        attempt: run.attempt,
        maxAttempts: run.maxAttempts,
        disableImmediateExecution: run.disableImmediateExecution,
        stack: run.stack,
      }),
    );
    const durationMs = Date.now() - startedAt.getTime();
    const next = await settle(ctx, run, result, { startedAt, durationMs, memo });
    if (!next) return;
    run = next;
  }
}

/** Applies one call's outcome; returns the run to call again now, or null when it yielded. */
async function settle(
  ctx: ExecuteContext,
  run: JobRun,
  result: CallResult,
  call: { startedAt: Date; durationMs: number; memo: Record<string, Memo> },
): Promise<JobRun | null> {
  if (result.kind === "complete") return finish(ctx, run, "completed", { output: result.output });
  if (result.kind === "error") {
    if (result.final || run.attempt + 1 >= run.maxAttempts) return fail(ctx, run, result.error);
    return retryLater(ctx, run, result.retryAfterMs, result.error);
  }

  const stored: StoredStep[] = [];
  let planned = [...(run.planned as Planned)];
  let disableImmediate = run.disableImmediateExecution || result.ops.length > 1;
  let sleepMs: number | undefined;
  for (const op of result.ops) {
    const name = op.userland?.id ?? op.displayName ?? op.name ?? op.id;
    const step = (opName: string, memo: Memo): StoredStep => ({
      hashedId: op.id,
      name,
      op: opName,
      result: memo,
      retries: run.attempt,
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
        disableImmediate = true;
        break;
      case "Sleep":
        sleepMs = Math.max(sleepMs ?? 0, msUntil(op.name ?? "0s"));
        stored.push(step("Sleep", { data: null }));
        break;
      case "RunComplete":
        return finish(ctx, run, "completed", { output: op.data ?? null });
      default:
        return fail(ctx, run, {
          name: "UnsupportedOperation",
          message: unsupportedOps.has(op.op)
            ? `${op.op} (step "${name}") is not supported by the embedded runner; run on Inngest or remove it`
            : `Unknown operation ${op.op} (step "${name}")`,
        });
    }
  }
  const done = new Set(stored.map((s) => s.hashedId));
  planned = planned.filter((p) => !done.has(p.id));
  for (const s of stored) call.memo[s.hashedId] = s.result;

  const waitUntil = sleepMs === undefined ? null : new Date(Date.now() + sleepMs);
  const changes = {
    stack: [...run.stack, ...stored.map((s) => s.hashedId)],
    planned,
    attempt: 0,
    disableImmediateExecution: disableImmediate,
    // Every stored step also renews the lease: a run of many short steps outlasts it.
    ...(waitUntil
      ? { status: "waiting" as const, nextAt: waitUntil, leasedBy: null, leaseUntil: null }
      : { leaseUntil: new Date(Date.now() + ctx.leaseMs) }),
  };
  await storeSteps(ctx, run.id, stored, changes);
  for (const s of stored)
    log.debug(`runner: ${s.op} "${s.name}"`, { run: run.id, ms: s.durationMs });
  return waitUntil ? null : { ...run, ...changes };
}

/**
 * Stores a call's steps and the run's new state in one statement (one round trip: this is
 * the runner's hottest write), only while this worker still holds the run.
 */
async function storeSteps(
  ctx: ExecuteContext,
  runId: string,
  stored: StoredStep[],
  changes: {
    stack: string[];
    planned: Planned;
    disableImmediateExecution: boolean;
    status?: "waiting";
    nextAt?: Date;
    leaseUntil: Date | null;
  },
): Promise<void> {
  const endedAt = new Date();
  const steps = stored.map((step) => ({
    id: newId("jobStep"),
    hashedId: step.hashedId,
    name: step.name,
    op: step.op,
    result: step.result,
    retries: step.retries,
    startedAt: step.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: step.durationMs,
  }));
  const [row] = await ctx.db.$queryRaw<{ count: number }[]>`
    WITH updated AS (
      UPDATE "JobRun" SET
        stack = ${changes.stack}::text[],
        planned = ${JSON.stringify(changes.planned)}::jsonb,
        attempt = 0,
        "disableImmediateExecution" = ${changes.disableImmediateExecution},
        status = ${changes.status ?? "running"}::"JobRunStatus",
        "nextAt" = coalesce(${changes.nextAt ?? null}::timestamp, "nextAt"),
        "leasedBy" = CASE WHEN ${changes.status === "waiting"} THEN NULL ELSE "leasedBy" END,
        "leaseUntil" = ${changes.leaseUntil}::timestamp,
        "updatedAt" = ${endedAt}::timestamp
      WHERE id = ${runId} AND "leasedBy" = ${ctx.workerId} AND status = 'running'
      RETURNING id
    ), steps AS (
      INSERT INTO "JobStep"
        (id, "runId", "hashedId", name, op, result, retries, "startedAt", "endedAt", "durationMs")
      SELECT s.id, ${runId}, s."hashedId", s.name, s.op, s.result, s.retries, s."startedAt",
        s."endedAt", s."durationMs"
      FROM jsonb_to_recordset(${JSON.stringify(steps)}::jsonb) AS s(
        id text, "hashedId" text, name text, op text, result jsonb, retries int,
        "startedAt" timestamp, "endedAt" timestamp, "durationMs" int)
      WHERE EXISTS (SELECT 1 FROM updated)
      ON CONFLICT ("runId", "hashedId") DO NOTHING
    )
    SELECT count(*)::int AS count FROM updated`;
  if (!row || row.count === 0) throw new LeaseLost(runId);
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
  await release(ctx, run.id, {
    status: "waiting",
    attempt: run.attempt + 1,
    nextAt: new Date(Date.now() + delay),
    error: error as object,
  });
  return null;
}

async function fail(ctx: ExecuteContext, run: JobRun, error: unknown) {
  await finish(ctx, run, "failed", { error });
  // Inngest's failure handlers (onFailure) listen for this event.
  await acceptEvents(ctx.db, [
    {
      name: "inngest/function.failed",
      data: { error, event: run.event, function_id: run.functionId, run_id: run.id },
    },
  ]);
  return null;
}

async function finish(
  ctx: ExecuteContext,
  run: JobRun,
  status: "completed" | "failed",
  outcome: { output?: unknown; error?: unknown },
) {
  await release(ctx, run.id, {
    status,
    endedAt: new Date(),
    output: (outcome.output ?? undefined) as object | undefined,
    error: (outcome.error ?? undefined) as object | undefined,
  });
  log.debug(`runner: run ${status}`, { run: run.id, fn: run.functionId });
  return null;
}

async function release(
  ctx: ExecuteContext,
  runId: string,
  data: Parameters<Db["jobRun"]["update"]>[0]["data"],
) {
  const { count } = await ctx.db.jobRun.updateMany({
    where: { id: runId, leasedBy: ctx.workerId, status: "running" },
    data: { ...data, leasedBy: null, leaseUntil: null } as never,
  });
  if (count === 0) throw new LeaseLost(runId);
}

async function loadMemo(db: Db, runId: string): Promise<Record<string, Memo>> {
  const steps = await db.jobStep.findMany({
    where: { runId },
    select: { hashedId: true, result: true },
  });
  return Object.fromEntries(steps.map((s) => [s.hashedId, s.result as Memo]));
}

/** Keeps the lease alive while a call runs (a step may take longer than the lease). */
async function withLease<T>(
  ctx: ExecuteContext,
  runId: string,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    void renewLease(ctx.db, runId, ctx.workerId, ctx.leaseMs).catch(() => {});
  }, ctx.leaseMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** This worker no longer owns the run (its lease expired and another took it, or it was cancelled). */
export class LeaseLost extends Error {
  constructor(runId: string) {
    super(`Lost the lease on run ${runId}`);
    this.name = "LeaseLost";
  }
}
