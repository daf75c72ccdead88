import { inScope, type Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { newId } from "@/lib/ids";

/** Puts a finished (failed) delivery back to pending for a manual attempt; returns what to request. */
export async function reopenDelivery(
  scope: Scope,
  deliveryId: string,
): Promise<{ deliveryId: string; endpointId: string }> {
  const delivery = await db.delivery.findFirst({ where: { id: deliveryId, ...inScope(scope) } });
  if (!delivery) throw new DomainError("not_found", `No delivery "${deliveryId}"`);
  if (delivery.status === "succeeded") {
    throw new DomainError("conflict", `Delivery "${deliveryId}" already succeeded`);
  }
  await db.$transaction([
    db.delivery.update({
      where: { id: deliveryId },
      data: { status: "pending", nextAttemptAt: new Date() },
    }),
    audited(scope, {
      action: "delivery.retried",
      target: { type: "delivery", id: deliveryId },
      tenantId: delivery.tenantId,
    }),
  ]);
  return { deliveryId, endpointId: delivery.endpointId };
}

/**
 * A replay is a new event (origin "replay", pointing at the original) with the same type,
 * payload and enrichment, fanned out to the endpoints that match now.
 */
export async function createReplay(scope: Scope, eventId: string): Promise<string> {
  const original = await db.event.findFirst({ where: { id: eventId, ...inScope(scope) } });
  if (!original) throw new DomainError("not_found", `No event "${eventId}"`);
  const id = newId("event");
  const [replay] = await db.$transaction([
    db.event.create({
      data: {
        id,
        tenantId: original.tenantId,
        sourceId: original.sourceId,
        subjectId: original.subjectId,
        requestId: original.requestId,
        type: original.type,
        origin: "replay",
        replayOfId: original.id,
        payload: original.payload as object,
        enrichment: original.enrichment ?? undefined,
      },
      select: { id: true },
    }),
    audited(scope, {
      action: "event.replayed",
      target: { type: "event", id: original.id },
      tenantId: original.tenantId,
      details: { replayId: id },
    }),
  ]);
  return replay.id;
}
