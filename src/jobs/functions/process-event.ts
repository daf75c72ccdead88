import { planDeliveries } from "@/domain/delivery/fan-out";
import { completeProcessing, failProcessing, startProcessing } from "@/domain/events/lifecycle";
import { enrichEvent } from "@/domain/ingest/enrich";
import { inngest } from "../client";
import { deliveryRequested, eventReceived } from "../events";

/** received -> processing -> (enrichment) -> fan-out and completed; failed keeps the error. */
export const processEvent = inngest.createFunction(
  {
    id: "process-event",
    triggers: [eventReceived],
    retries: 4,
    onFailure: async ({ event, error }) => {
      await failProcessing(event.data.event.data.eventId, error.message);
    },
  },
  async ({ event, step }) => {
    const { eventId } = event.data;
    const started = await step.run("start", () => startProcessing(eventId));
    if (!started) return { eventId, skipped: "already completed" };
    if (started.enrich) await step.run("enrich", () => enrichEvent(eventId));
    // Planned deliveries are the outcome of processing: the event is complete with them, in
    // the same step (one call less per event); requesting them is memoized right after.
    const deliveries = await step.run("fan-out", async () => {
      const planned = await planDeliveries(eventId);
      await completeProcessing(eventId);
      return planned;
    });
    if (deliveries.length > 0) {
      await step.sendEvent(
        "request-deliveries",
        deliveries.map((delivery) => deliveryRequested.create(delivery)),
      );
    }
    return { eventId };
  },
);
