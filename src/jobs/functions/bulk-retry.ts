import { reopenNextBatch } from "@/domain/delivery/bulk-retry";
import { inngest } from "../client";
import { bulkRetryRequested, deliveryRequested } from "../events";

/**
 * Works through a bulk retry (or an endpoint's recovery) batch by batch: each batch is
 * reopened and counted in one step, then its deliveries are requested as manual attempts.
 */
export const bulkRetry = inngest.createFunction(
  {
    id: "bulk-retry",
    triggers: [bulkRetryRequested],
  },
  async ({ event, step }) => {
    const { bulkRetryId } = event.data;
    let requested = 0;
    for (let batch = 1; ; batch++) {
      const deliveries = await step.run(`reopen-batch-${batch}`, () =>
        reopenNextBatch(bulkRetryId),
      );
      if (deliveries.length === 0) break;
      await step.sendEvent(
        `request-batch-${batch}`,
        deliveries.map((delivery) => deliveryRequested.create({ ...delivery, trigger: "manual" })),
      );
      requested += deliveries.length;
    }
    return { bulkRetryId, requested };
  },
);
