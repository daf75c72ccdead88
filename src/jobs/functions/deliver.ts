import { attemptDelivery } from "@/domain/delivery/attempt";
import { inngest } from "../client";
import { deliveryRequested } from "../events";

/** Per endpoint at once: an attempt holds a worker until answered, so well below the workers. */
export const DELIVERIES_PER_ENDPOINT = 5;

/**
 * One delivery, attempt by attempt on the retry schedule (PRODUCT.md; the domain says when
 * to try again and when to give up), each in its own run so a slow or dead endpoint never
 * delays another; at most DELIVERIES_PER_ENDPOINT at once per endpoint.
 */
export const deliver = inngest.createFunction(
  {
    id: "deliver",
    triggers: [deliveryRequested],
    concurrency: { key: "event.data.endpointId", limit: DELIVERIES_PER_ENDPOINT },
  },
  async ({ event, step }) => {
    const { deliveryId } = event.data;
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
