import { reopenNextBatch } from "@/domain/delivery/bulk-retry";
import { inngest } from "../client";
import { DELIVERY_REQUESTED } from "./deliver";

export const BULK_RETRY_REQUESTED = "switchyard/bulk-retry.requested";

/**
 * Works through a bulk retry (or an endpoint's recovery) batch by batch: each batch is
 * reopened and counted in one step, then its deliveries are requested as manual attempts.
 */
export const bulkRetry = inngest.createFunction(
  {
    id: "bulk-retry",
    triggers: [{ event: BULK_RETRY_REQUESTED }],
  },
  async ({ event, step }) => {
    const bulkRetryId = String(event.data.bulkRetryId);
    let requested = 0;
    for (let batch = 1; ; batch++) {
      const deliveries = await step.run(`reopen-batch-${batch}`, () =>
        reopenNextBatch(bulkRetryId),
      );
      if (deliveries.length === 0) break;
      await step.sendEvent(
        `request-batch-${batch}`,
        deliveries.map((delivery) => ({
          name: DELIVERY_REQUESTED,
          data: { ...delivery, trigger: "manual" },
        })),
      );
      requested += deliveries.length;
    }
    return { bulkRetryId, requested };
  },
);
