import { attemptDelivery, finishDelivery } from "@/domain/delivery/attempt";
import { deliverySettings } from "@/domain/delivery/settings";
import { inngest } from "../client";

export const DELIVERY_REQUESTED = "switchyard/delivery.requested";

/**
 * One delivery, attempt by attempt on the retry schedule (PRODUCT.md), each in its own run
 * so a slow or dead endpoint never delays another; at most 10 at once per endpoint.
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
    const schedule = deliverySettings().retrySchedule;
    let attempt = 1;
    let waits = 0;
    for (;;) {
      const outcome = await step.run(`attempt-${attempt}${waits ? `-${waits}` : ""}`, () =>
        attemptDelivery(deliveryId, attempt === 1 ? trigger : "schedule"),
      );
      if (outcome.done) return outcome;
      // The endpoint's rate limit is used up: wait for a slot, then make the same attempt.
      if ("rateLimitedMs" in outcome) {
        await step.sleep(`rate-limit-${++waits}`, outcome.rateLimitedMs);
        continue;
      }
      const delay = schedule[attempt - 1];
      if (delay === undefined) break;
      // An endpoint that asked for more time (Retry-After on 429/503) gets it.
      await step.sleep(`backoff-${attempt}`, Math.max(delay, outcome.retryAfterMs ?? 0));
      attempt++;
    }
    await step.run("give-up", () => finishDelivery(deliveryId, "failed"));
    return { done: true, status: "failed" };
  },
);
