import type { JobRunStatus } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";

/** Runs newest first, for the console: status, attempts, errors and timings. */
export async function listRuns(
  db: Db,
  filter: { functionId?: string; status?: JobRunStatus; cursor?: string; limit?: number } = {},
) {
  const limit = Math.min(filter.limit ?? 50, 200);
  const runs = await db.jobRun.findMany({
    where: { functionId: filter.functionId, status: filter.status },
    orderBy: { id: "desc" }, // ids are time-ordered
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      functionId: true,
      status: true,
      attempt: true,
      error: true,
      createdAt: true,
      startedAt: true,
      endedAt: true,
      _count: { select: { steps: true } },
    },
  });
  const items = runs.slice(0, limit).map(({ _count, ...run }) => ({
    ...run,
    steps: _count.steps,
    durationMs:
      run.startedAt && run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : null,
  }));
  return { items, nextCursor: runs.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** One run with its steps in the order they completed. */
export async function getRun(db: Db, id: string) {
  const run = await db.jobRun.findUnique({ where: { id } });
  if (!run) return null;
  const steps = await db.jobStep.findMany({ where: { runId: id }, orderBy: { endedAt: "asc" } });
  const order = new Map(run.stack.map((hashedId, index) => [hashedId, index]));
  steps.sort((a, b) => (order.get(a.hashedId) ?? 0) - (order.get(b.hashedId) ?? 0));
  return { ...run, steps };
}
