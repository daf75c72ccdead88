import { createReplay, reopenDelivery } from "@/domain/delivery/manual";
import { createTestDelivery } from "@/domain/delivery/test-event";
import { inngest } from "./client";
import { DELIVERY_REQUESTED } from "./functions/deliver";
import { handOffEvents } from "./hand-off";

// What ops staff ask for by hand (console, REST): the domain decides, a run does the work.

/** Retries one delivery now; its attempts are marked "manual". */
export async function retryDeliveryNow(deliveryId: string): Promise<void> {
  const delivery = await reopenDelivery(deliveryId);
  await inngest.send({ name: DELIVERY_REQUESTED, data: { ...delivery, trigger: "manual" } });
}

/** Replays an event to every endpoint that matches it now; returns the replay's event id. */
export async function replayEvent(eventId: string): Promise<string> {
  const replayId = await createReplay(eventId);
  await handOffEvents([replayId]);
  return replayId;
}

/** Sends a test event to one endpoint (disabled ones too, to check them before re-enabling). */
export async function sendTestEvent(
  endpointId: string,
): Promise<{ deliveryId: string; eventId: string }> {
  const { eventId, ...delivery } = await createTestDelivery(endpointId);
  await inngest.send({ name: DELIVERY_REQUESTED, data: { ...delivery, trigger: "test" } });
  return { deliveryId: delivery.deliveryId, eventId };
}
