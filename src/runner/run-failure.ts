import { Prisma } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { wakeRunnersIfAny } from "./event-intake";

/**
 * One statement that fails a run and stores the `inngest/function.failed` event its failure
 * handler (onFailure) listens for: a run can never end failed without telling its handler.
 * `owned` restricts it to a run in the state the caller saw (its lease, or an expired one).
 * Returns how many runs it failed (0 or 1).
 */
export function failRunStatement(runId: string, error: unknown, owned: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH failed AS (
      UPDATE "JobRun" SET status = 'failed', error = ${JSON.stringify(error ?? null)}::jsonb,
        "endedAt" = now(), "leasedBy" = NULL, "leaseUntil" = NULL, "updatedAt" = now()
      WHERE id = ${runId} AND status IN ('queued', 'running', 'waiting') AND ${owned}
      RETURNING id, "functionId", event
    ), told AS (
      INSERT INTO "JobEvent" (id, name, data, ts)
      SELECT ${newId("jobEvent")}, 'inngest/function.failed',
        jsonb_build_object('error', ${JSON.stringify(error ?? null)}::jsonb, 'event', event,
          'function_id', "functionId", 'run_id', id), now()
      FROM failed
      RETURNING id
    )
    SELECT count(*)::int AS count, ${wakeRunnersIfAny("told")} FROM failed`;
}
