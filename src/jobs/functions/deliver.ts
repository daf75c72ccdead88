import { attemptDelivery } from "@/domain/delivery/attempt";
import { inngest } from "../client";

export const DELIVERY_REQUESTED = "switchyard/delivery.requested";

/**
 * One delivery, attempt by attempt on the retry schedule (PRODUCT.md; the domain says when
 * to try again and when to give up), each in its own run so a slow or dead endpoint never
 * delays another; at most 10 at once per endpoint.
 */
export const deliver = inngest.createFunction(
  {
    id: "deliver",
    triggers: [{ event: DELIVERY_REQUESTED }],
    concurrency: { key: "event.data.endpointId", limit: 10 },
  },
  async ({ event, step }) => {
    const deliveryId = String(event.data.deliveryId);
    const trigger = event.data.trigger ?? "schedule";
    let attempt = 1;
    let waits = 0;
    for (;;) {
      const outcome = await step.run(`attempt-${attempt}${waits ? `-${waits}` : ""}`, () =>
        attemptDelivery(deliveryId, attempt === 1 ? trigger : "schedule", attempt),
      );
      if (outcome.done) return outcome;
      // The endpoint's rate limit is used up: wait for a slot, then make the same attempt.
      if ("rateLimitedMs" in outcome) {
        await step.sleep(`rate-limit-${++waits}`, outcome.rateLimitedMs);
        continue;
      }
      await step.sleep(`backoff-${attempt}`, outcome.retryInMs);
      attempt++;
    }
  },
);
