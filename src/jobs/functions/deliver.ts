import { attemptDeliveries, attemptDelivery } from "@/domain/delivery/attempt";
import { inngest } from "../client";
import { deliveryRequested, deliveryRetryScheduled } from "../events";

/** Retries at once per endpoint: an attempt holds a worker until answered, so well below the workers. */
export const DELIVERIES_PER_ENDPOINT = 3;
/**
 * Delivery runs at once per tenant, first attempts and retries together: a tenant whose
 * endpoints all hang holds at most this many of the embedded runner's workers.
 */
export const DELIVERY_RUNS_PER_TENANT = 8;
// Shared by both delivery functions (env scope): one count per tenant across them.
const perTenant = {
  scope: "env",
  key: '"deliveries:" + event.data.tenantId',
  limit: DELIVERY_RUNS_PER_TENANT,
} as const;
/** First attempts of one endpoint taken by one run, and such runs at once per endpoint. */
export const DELIVERY_BATCH = 50;
export const DELIVERY_BATCHES_PER_ENDPOINT = 2;

/**
 * First attempts, many per run: the deliveries requested for one endpoint are attempted
 * together (a few requests in flight at a time) and recorded in one statement. While an
 * endpoint's runs are busy, its requests gather into the next batch, so a slow endpoint
 * holds at most DELIVERY_BATCHES_PER_ENDPOINT runs and never delays another endpoint. A
 * failure goes on along the per-delivery retry path (`deliver`).
 */
export const deliverFirstAttempts = inngest.createFunction(
  {
    id: "deliver-first-attempts",
    triggers: [deliveryRequested],
    batchEvents: { maxSize: DELIVERY_BATCH, timeout: "1s", key: "event.data.endpointId" },
    concurrency: [
      { key: "event.data.endpointId", limit: DELIVERY_BATCHES_PER_ENDPOINT },
      perTenant,
    ],
  },
  async ({ events, step }) => {
    const requests = events.map(({ data }) => ({ ...data, trigger: data.trigger ?? "schedule" }));
    const outcomes = await step.run("attempt", () =>
      attemptDeliveries(requests.map(({ deliveryId, trigger }) => ({ deliveryId, trigger }))),
    );
    const retries = requests.flatMap((request, i) => {
      const outcome = outcomes[i];
      if (!outcome || outcome.done) return [];
      const limited = "rateLimitedMs" in outcome;
      return [
        deliveryRetryScheduled.create({
          ...request,
          // Rate limited: the first attempt is still to be made.
          attempt: limited ? 1 : 2,
          waitMs: limited ? outcome.rateLimitedMs : outcome.retryInMs,
        }),
      ];
    });
    if (retries.length > 0) await step.sendEvent("retry-later", retries);
    return { attempted: outcomes.length, retrying: retries.length };
  },
);

/**
 * One delivery after its first attempt, attempt by attempt on the retry schedule (PRODUCT.md;
 * the domain says when to try again and when to give up), on a run of its own so that one
 * failing endpoint's backlog never delays another; at most DELIVERIES_PER_ENDPOINT at once
 * per endpoint.
 */
export const deliver = inngest.createFunction(
  {
    id: "deliver",
    triggers: [deliveryRetryScheduled],
    concurrency: [{ key: "event.data.endpointId", limit: DELIVERIES_PER_ENDPOINT }, perTenant],
  },
  async ({ event, step }) => {
    const { deliveryId, waitMs } = event.data;
    const trigger = event.data.trigger ?? "schedule";
    // Runs started before first attempts were batched made their first attempt here.
    let attempt = event.data.attempt ?? 1;
    let waits = 0;
    // As the first attempt's run said: the retry schedule's delay, or the rate limit's.
    if (waitMs !== undefined) await step.sleep(`wait-before-attempt-${attempt}`, waitMs);
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
