import { planDeliveries } from "@/domain/delivery/fan-out";
import { completeProcessing, failProcessing, startProcessing } from "@/domain/events/lifecycle";
import { enrichEvent } from "@/domain/ingest/enrich";
import { inngest } from "../client";
import { EVENT_RECEIVED } from "../hand-off";
import { DELIVERY_REQUESTED } from "./deliver";

/** received -> processing -> (enrichment) -> fan-out -> completed; failed keeps the error. */
export const processEvent = inngest.createFunction(
  {
    id: "process-event",
    triggers: [{ event: EVENT_RECEIVED }],
    retries: 4,
    onFailure: async ({ event, error }) => {
      await failProcessing(String(event.data.event.data.eventId), error.message);
    },
  },
  async ({ event, step }) => {
    const eventId = String(event.data.eventId);
    const started = await step.run("start", () => startProcessing(eventId));
    if (!started) return { eventId, skipped: "already completed" };
    if (started.enrich) await step.run("enrich", () => enrichEvent(eventId));
    const deliveries = await step.run("fan-out", () => planDeliveries(eventId));
    if (deliveries.length > 0) {
      await step.sendEvent(
        "request-deliveries",
        deliveries.map((delivery) => ({
          name: DELIVERY_REQUESTED,
          data: delivery,
        })),
      );
    }
    await step.run("complete", () => completeProcessing(eventId));
    return { eventId };
  },
);
