import type { Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { getEndpointRow } from "@/domain/endpoints/endpoints";
import { newId } from "@/lib/ids";

export const TEST_EVENT_TYPE = "switchyard.test";

/**
 * A test event for one endpoint only (type "switchyard.test"), so a tenant can check its
 * receiver and signature verification; returns the delivery to request.
 */
export async function createTestDelivery(scope: Scope, endpointId: string) {
  const endpoint = await getEndpointRow(scope, endpointId);
  const now = new Date();
  const event = await db.event.create({
    data: {
      id: newId("event"),
      tenantId: endpoint.tenantId,
      type: TEST_EVENT_TYPE,
      origin: "published",
      // Nothing to process: it exists to be delivered to this endpoint.
      status: "completed",
      processedAt: now,
      payload: { message: "A test event from Switchyard", endpointId },
    },
  });
  const delivery = await db.delivery.create({
    data: {
      id: newId("delivery"),
      tenantId: endpoint.tenantId,
      eventId: event.id,
      endpointId,
      nextAttemptAt: now,
    },
  });
  return { deliveryId: delivery.id, endpointId, eventId: event.id };
}
