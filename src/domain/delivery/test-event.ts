import type { Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { getEndpointRow } from "@/domain/endpoints/endpoints";
import { type TestEventInput, testEventInput, testEventOut } from "@/domain/endpoints/schemas";
import { newId } from "@/lib/ids";

export const TEST_EVENT_TYPE = "switchyard.test";

type TestEvent = { type: string; data: Record<string, unknown> };

const example = (endpointId: string): TestEvent => ({
  type: TEST_EVENT_TYPE,
  data: { message: "A test event from Switchyard", endpointId },
});

/**
 * A test event for one endpoint only, so a tenant can check its receiver and signature
 * verification; returns the delivery to request. Without a type or data it sends
 * "switchyard.test" with an example; an event given is kept to prefill the next test send.
 */
export async function createTestDelivery(
  scope: Scope,
  endpointId: string,
  input: TestEventInput = {},
) {
  const given = testEventInput.parse(input);
  const endpoint = await getEndpointRow(scope, endpointId);
  const fallback = example(endpointId);
  const sent = { type: given.type ?? fallback.type, data: given.data ?? fallback.data };
  const keep = given.type !== undefined || given.data !== undefined;
  const now = new Date();
  const ids = { eventId: newId("event"), deliveryId: newId("delivery") };
  await db.$transaction([
    db.event.create({
      data: {
        id: ids.eventId,
        tenantId: endpoint.tenantId,
        type: sent.type,
        origin: "published",
        // Nothing to process: it exists to be delivered to this endpoint.
        status: "completed",
        processedAt: now,
        payload: sent.data as object,
      },
    }),
    db.delivery.create({
      data: {
        id: ids.deliveryId,
        tenantId: endpoint.tenantId,
        eventId: ids.eventId,
        endpointId,
        nextAttemptAt: now,
      },
    }),
    ...(keep
      ? [
          db.endpoint.update({
            where: { id: endpointId },
            // A test send changes no setting: the endpoint's updatedAt stays.
            data: { testEvent: sent as object, updatedAt: endpoint.updatedAt },
          }),
        ]
      : []),
    audited(scope, {
      action: "endpoint.test_sent",
      target: { type: "endpoint", id: endpointId },
      tenantId: endpoint.tenantId,
      details: { eventId: ids.eventId, deliveryId: ids.deliveryId, type: sent.type },
    }),
  ]);
  return { ...ids, endpointId };
}

/** What the next test send starts from: the last test event kept, or the example. */
export async function keptTestEvent(scope: Scope, endpointId: string) {
  const endpoint = await getEndpointRow(scope, endpointId);
  const kept = testEventOut.omit({ kept: true }).safeParse(endpoint.testEvent);
  return kept.success ? { ...kept.data, kept: true } : { ...example(endpointId), kept: false };
}
