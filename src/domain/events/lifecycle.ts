import { inScope, type Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db, sqlPool } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { millisecondsInterval } from "@/lib/db/sql-interval";

// received -> processing -> completed | failed (PRODUCT.md).

/** Marks events as handed to background processing, so the sweeper leaves them alone. */
export async function markHandedOff(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  // On the webhook path's heels: plain pg, like the ingest statement.
  await sqlPool().query(`UPDATE "Event" SET "handedOffAt" = now() WHERE id = ANY($1)`, [eventIds]);
}

/** Events committed but never handed off (the process died in between): oldest first. */
export async function findEventsAwaitingHandOff(
  olderThanMs = 30_000,
  limit = 500,
): Promise<string[]> {
  // Found through the (status, receivedAt) index: handedOffAt is left unindexed so that
  // marking it is a cheap update on the webhook path's heels. Age by the database's clock,
  // which stamped receivedAt.
  // Also events handed off long ago and still not done: their run failed for good (a batch
  // of processing fails as a whole, and its failure handler is told of its first event only).
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Event"
    WHERE (status = 'received' AND "handedOffAt" IS NULL
        AND "receivedAt" < now() - ${millisecondsInterval(olderThanMs)})
      OR (status IN ('received', 'processing') AND "handedOffAt" < now() - interval '10 minutes')
    ORDER BY "receivedAt" LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/**
 * Starts processing one event (its source enriches it, which can take a while: it shows as
 * `processing` meanwhile); null when the event is already finished (a repeated hand-off).
 */
export async function startProcessing(eventId: string) {
  const { rows } = await sqlPool().query<{ enrich: boolean }>(
    `UPDATE "Event" e SET status = 'processing', error = NULL
     WHERE e.id = $1 AND e.status <> 'completed'
     RETURNING coalesce((SELECT s.enrichment IS NOT NULL AND s.enrichment <> 'null'::jsonb
                         FROM "Source" s WHERE s.id = e."sourceId"), false) AS enrich`,
    [eventId],
  );
  const [started] = rows;
  if (started) return { enrich: started.enrich };
  if (!(await db.event.count({ where: { id: eventId } })))
    throw new DomainError("not_found", `No event "${eventId}"`);
  return null;
}

/**
 * Of these events, those still to process (a repeated hand-off finds some completed, or
 * gone), and whether their source enriches them. Nothing is written: events processed in one
 * step go from `received` to `completed` in one update, and each update of an event rewrites
 * every index entry of it (its status is indexed), which the webhook path pays for.
 */
export async function eventsToProcess(
  eventIds: string[],
): Promise<{ eventId: string; enrich: boolean }[]> {
  const { rows } = await sqlPool().query<{ eventId: string; enrich: boolean }>(
    `SELECT e.id AS "eventId",
       coalesce(s.enrichment IS NOT NULL AND s.enrichment <> 'null'::jsonb, false) AS enrich
     FROM "Event" e LEFT JOIN "Source" s ON s.id = e."sourceId"
     WHERE e.id = ANY($1) AND e.status <> 'completed'`,
    [eventIds],
  );
  return rows;
}

export async function completeProcessing(eventIds: string[]): Promise<void> {
  await sqlPool().query(
    `UPDATE "Event" SET status = 'completed', "processedAt" = now(), error = NULL
     WHERE id = ANY($1)`,
    [eventIds],
  );
}

/** Keeps the error on the event: ops staff see why, and can re-run it. */
export async function failProcessing(eventId: string, error: string): Promise<void> {
  await db.event.update({
    where: { id: eventId },
    data: { status: "failed", processedAt: new Date(), error: error.slice(0, 4000) },
  });
}

/** Puts a failed event back to `received` for another run; returns its id to hand off. */
export async function rerunFailedEvent(scope: Scope, eventId: string): Promise<string> {
  const count = await db.$transaction(async (tx) => {
    const reopened = await tx.event.updateManyAndReturn({
      where: { id: eventId, status: "failed", ...inScope(scope) },
      data: { status: "received", error: null, processedAt: null, handedOffAt: null },
      select: { tenantId: true },
    });
    const tenantId = reopened[0]?.tenantId;
    if (tenantId) {
      await audited(
        scope,
        { action: "event.rerun", target: { type: "event", id: eventId }, tenantId },
        tx,
      );
    }
    return reopened.length;
  });
  if (count === 0) {
    const exists = await db.event.count({ where: { id: eventId, ...inScope(scope) } });
    throw exists
      ? new DomainError(
          "conflict",
          `Event "${eventId}" has not failed; only failed events can be re-run`,
        )
      : new DomainError("not_found", `No event "${eventId}"`);
  }
  return eventId;
}
