import { everyTenant, type Scope } from "@/domain/access/scope";
import { recoverEndpoint, startBulkRetry } from "@/domain/delivery/bulk-retry";
import { createReplay, reopenDelivery } from "@/domain/delivery/manual";
import type { BulkRetryInput } from "@/domain/delivery/schemas";
import { createTestDelivery } from "@/domain/delivery/test-event";
import { rerunFailedEvent } from "@/domain/events/lifecycle";
import { publishEvent } from "@/domain/events/publish";
import type { PublishEventInput } from "@/domain/events/schemas";
import { inngest } from "./client";
import { BULK_RETRY_REQUESTED } from "./functions/bulk-retry";
import { DELIVERY_REQUESTED } from "./functions/deliver";
import { handOffEvents } from "./hand-off";

// What ops staff ask for by hand (console, REST): the domain decides, a run does the work.

/** Retries one delivery now; its attempts are marked "manual". */
export async function retryDeliveryNow(deliveryId: string, scope = everyTenant): Promise<void> {
  const delivery = await reopenDelivery(deliveryId, scope);
  await inngest.send({ name: DELIVERY_REQUESTED, data: { ...delivery, trigger: "manual" } });
}

/** Replays an event to every endpoint that matches it now; returns the replay's event id. */
export async function replayEvent(eventId: string, scope = everyTenant): Promise<string> {
  const replayId = await createReplay(eventId, scope);
  await handOffEvents([replayId]);
  return replayId;
}

/** Sends a test event to one endpoint (disabled ones too, to check them before re-enabling). */
export async function sendTestEvent(
  endpointId: string,
  scope = everyTenant,
): Promise<{ deliveryId: string; eventId: string }> {
  const { eventId, ...delivery } = await createTestDelivery(endpointId, scope);
  await inngest.send({ name: DELIVERY_REQUESTED, data: { ...delivery, trigger: "test" } });
  return { deliveryId: delivery.deliveryId, eventId };
}

/** Publishes an event (POST /api/v1/events) and hands it to processing once it is committed. */
export async function publishAndHandOff(scope: Scope, input: PublishEventInput) {
  const published = await publishEvent(scope, input);
  if (!published.duplicate) await handOffEvents([published.id]);
  return published;
}

/** Retries every delivery matching a filter; returns the bulk retry, whose progress can be read. */
export async function bulkRetryDeliveries(scope: Scope, input: BulkRetryInput) {
  const bulk = await startBulkRetry(scope, input);
  await inngest.send({ name: BULK_RETRY_REQUESTED, data: { bulkRetryId: bulk.id } });
  return bulk;
}

/** Sends again everything that failed to an endpoint since a time. */
export async function recoverEndpointSince(scope: Scope, endpointId: string, since: Date) {
  const bulk = await recoverEndpoint(scope, endpointId, since);
  await inngest.send({ name: BULK_RETRY_REQUESTED, data: { bulkRetryId: bulk.id } });
  return bulk;
}

/** Re-runs the processing of a failed event (enrichment, fan-out). */
export async function rerunEvent(eventId: string, scope = everyTenant): Promise<void> {
  await handOffEvents([await rerunFailedEvent(eventId, scope)]);
}
