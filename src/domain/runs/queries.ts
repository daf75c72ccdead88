import type { Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { pageArgs, toPage } from "@/domain/pagination";
import type { JobRun, JobStep, Prisma } from "@/generated/prisma/client";
import type { ListRunsInput } from "./schemas";

// The embedded runner's runs, read for the console. Runs carry every tenant's work (events,
// payloads, errors), so only a caller who sees every tenant may read them.

export function requireEveryTenant(scope: Scope): void {
  if (scope.tenantIds !== null) {
    throw new DomainError("forbidden", "Runs hold every tenant's work: platform staff only");
  }
}

const rowFields = {
  id: true,
  functionId: true,
  status: true,
  event: true,
  attempt: true,
  error: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
} satisfies Prisma.JobRunSelect;

type RunRow = Pick<JobRun, keyof typeof rowFields>;

/** Runs newest first, by function and status: status, attempts, error and timings. */
export async function listRuns(scope: Scope, filter: ListRunsInput) {
  requireEveryTenant(scope);
  const rows = await db.jobRun.findMany({
    where: { functionId: filter.functionId, status: filter.status },
    select: rowFields,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(filter),
  });
  const page = toPage(rows, filter.limit);
  const steps = await db.jobStep.groupBy({
    by: ["runId"],
    where: { runId: { in: page.items.map((run) => run.id) } },
    _count: { _all: true },
    _max: { retries: true },
  });
  const byRun = new Map(steps.map((s) => [s.runId, s]));
  return {
    ...page,
    items: page.items.map((run) => {
      const stepsOfRun = byRun.get(run.id);
      return toRow(run, stepsOfRun?._count._all ?? 0, stepsOfRun?._max.retries ?? 0);
    }),
  };
}

/** One run with its steps in the order they completed, what it still waits on, and its event. */
export async function getRun(scope: Scope, id: string) {
  requireEveryTenant(scope);
  const run = await db.jobRun.findUnique({ where: { id } });
  if (!run) throw new DomainError("not_found", `No run "${id}"`);
  const steps = await db.jobStep.findMany({ where: { runId: id }, orderBy: { endedAt: "asc" } });
  const order = new Map((run.stack ?? []).map((hashedId, index) => [hashedId, index]));
  steps.sort(
    (a, b) => (order.get(a.hashedId) ?? steps.length) - (order.get(b.hashedId) ?? steps.length),
  );
  const ended = run.endedAt !== null;
  return {
    ...toRow(run, steps.length, Math.max(0, ...steps.map((step) => step.retries))),
    event: run.event,
    events: Array.isArray(run.events) ? run.events : null,
    output: run.output,
    maxAttempts: run.maxAttempts,
    nextAt: ended ? null : run.nextAt,
    steps: steps.map(toStep),
    waiting: ended ? [] : waitingSteps(run),
  };
}

/** Every function that has runs, in name order: a loose index scan, not a scan of every run. */
export async function runFunctions(scope: Scope): Promise<string[]> {
  requireEveryTenant(scope);
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE f AS (
      SELECT min("functionId") AS id FROM "JobRun"
      UNION ALL
      SELECT (SELECT min("functionId") FROM "JobRun" WHERE "functionId" > f.id) FROM f
      WHERE f.id IS NOT NULL
    )
    SELECT id FROM f WHERE id IS NOT NULL`;
  return rows.map((row) => row.id);
}

function toRow(run: RunRow, stepCount: number, maxStepRetries: number) {
  return {
    id: run.id,
    functionId: run.functionId,
    status: run.status,
    eventName: eventNameOf(run.event),
    // `attempt` counts the failed calls of the current step; a stored step keeps its own.
    attempts: 1 + Math.max(run.attempt, maxStepRetries),
    stepCount,
    error: errorOf(run.error),
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationMs:
      run.startedAt && run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : null,
  };
}

function toStep(step: JobStep) {
  const result = (step.result ?? {}) as { data?: unknown; error?: unknown };
  const failed = step.op === "StepFailed" || "error" in result;
  return {
    id: step.id,
    name: step.name,
    op: step.op,
    status: failed ? ("failed" as const) : ("completed" as const),
    attempts: step.retries + 1,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    durationMs: step.durationMs,
    output: failed ? null : (result.data ?? null),
    error: failed ? errorOf(result.error) : null,
  };
}

function waitingSteps(run: JobRun) {
  const sleeps = (run.sleeps ?? []) as { name: string; until: string }[];
  const done = new Set(run.stack ?? []);
  const planned = ((run.planned ?? []) as { id: string; name: string }[]).filter(
    (step) => !done.has(step.id),
  );
  return [
    ...sleeps.map((sleep) => ({
      name: sleep.name,
      kind: "sleep" as const,
      until: new Date(sleep.until),
    })),
    ...planned.map((step) => ({ name: step.name, kind: "planned" as const, until: null })),
  ];
}

function eventNameOf(event: unknown): string | null {
  const name = (event as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : null;
}

/** The SDK's serialised error ({name, message, stack}), or whatever else was thrown. */
function errorOf(error: unknown) {
  if (error === null || error === undefined) return null;
  if (typeof error === "string") return { name: null, message: error, stack: null };
  const { name, message, stack } = error as { name?: unknown; message?: unknown; stack?: unknown };
  return {
    name: typeof name === "string" ? name : null,
    message: typeof message === "string" ? message : JSON.stringify(error),
    stack: typeof stack === "string" ? stack : null,
  };
}
