import { db } from "@/domain/db";
import { matchesEventType, matchesFilter } from "@/domain/endpoints/matching";
import { payloadFilter } from "@/domain/endpoints/schemas";
import { newId } from "@/lib/ids";

/**
 * One delivery per enabled endpoint of the event's tenant whose patterns and filter match.
 * The (event, endpoint) unique index makes a repeated fan-out create nothing twice; the
 * pending deliveries of the event are returned either way, for delivery runs to be started.
 */
export async function planDeliveries(
  eventId: string,
): Promise<{ deliveryId: string; endpointId: string; trigger: "schedule" | "replay" }[]> {
  const event = await db.event.findUniqueOrThrow({
    where: { id: eventId },
    select: { id: true, tenantId: true, type: true, payload: true, origin: true },
  });
  // A replay's first attempts say so in the attempt log.
  const trigger = event.origin === "replay" ? ("replay" as const) : ("schedule" as const);
  const endpoints = await db.endpoint.findMany({
    where: { tenantId: event.tenantId, enabled: true },
    select: { id: true, eventTypes: true, filter: true },
  });
  const matching = endpoints.filter(
    (endpoint) =>
      matchesEventType(endpoint.eventTypes, event.type) &&
      matchesFilter(
        endpoint.filter === null ? null : payloadFilter.parse(endpoint.filter),
        event.payload,
      ),
  );
  if (matching.length > 0) {
    await db.delivery.createMany({
      data: matching.map((endpoint) => ({
        id: newId("delivery"),
        tenantId: event.tenantId,
        eventId: event.id,
        endpointId: endpoint.id,
        nextAttemptAt: new Date(),
      })),
      skipDuplicates: true,
    });
  }
  const pending = await db.delivery.findMany({
    where: { eventId, status: "pending" },
    select: { id: true, endpointId: true },
  });
  return pending.map((delivery) => ({
    deliveryId: delivery.id,
    endpointId: delivery.endpointId,
    trigger,
  }));
}
