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
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Event"
    WHERE status = 'received' AND "handedOffAt" IS NULL
      AND "receivedAt" < now() - ${millisecondsInterval(olderThanMs)}
    ORDER BY "receivedAt" LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/** Starts processing; null when the event is already finished (a repeated hand-off). */
export async function startProcessing(eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, status: true, source: { select: { enrichment: true } } },
  });
  if (!event) throw new DomainError("not_found", `No event "${eventId}"`);
  if (event.status === "completed") return null;
  await db.event.update({ where: { id: eventId }, data: { status: "processing", error: null } });
  return { enrich: event.source?.enrichment != null };
}

export async function completeProcessing(eventId: string): Promise<void> {
  await db.event.update({
    where: { id: eventId },
    data: { status: "completed", processedAt: new Date(), error: null },
  });
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
