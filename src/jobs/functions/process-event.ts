import { planDeliveries } from "@/domain/delivery/fan-out";
import {
  completeProcessing,
  failProcessing,
  startProcessing,
  startProcessingMany,
} from "@/domain/events/lifecycle";
import { enrichEvent } from "@/domain/ingest/enrich";
import { inngest } from "../client";
import { deliveryRequested, eventEnrichmentRequested, eventReceived } from "../events";

/** Events processed by one run, at most. */
export const PROCESSING_BATCH = 100;

/**
 * received -> processing -> fan-out and completed, for many events per run: starting them,
 * planning their deliveries and completing them take a few statements whatever their number.
 * An event whose source enriches it goes on alone (`process-event`), so that a failing
 * enrichment service fails only its own events. A run that fails for good (the database
 * gone for its every retry) leaves its events to the hand-off sweeper.
 */
export const processEvents = inngest.createFunction(
  {
    id: "process-events",
    triggers: [eventReceived],
    batchEvents: { maxSize: PROCESSING_BATCH, timeout: "1s" },
  },
  async ({ events, step }) => {
    const eventIds = [...new Set(events.map((event) => event.data.eventId))];
    // Planned deliveries are the outcome of processing: events are complete with them, in the
    // same step (one call less per run); requesting them is memoized right after.
    const { enriching, deliveries } = await step.run("fan-out", async () => {
      const started = await startProcessingMany(eventIds);
      const plain = started.filter((event) => !event.enrich).map((event) => event.eventId);
      const planned = await planDeliveries(plain);
      await completeProcessing(plain);
      return {
        enriching: started.filter((event) => event.enrich).map((event) => event.eventId),
        deliveries: planned,
      };
    });
    if (enriching.length > 0) {
      await step.sendEvent(
        "enrich",
        enriching.map((eventId) => eventEnrichmentRequested.create({ eventId })),
      );
    }
    if (deliveries.length > 0) {
      await step.sendEvent(
        "request-deliveries",
        deliveries.map((delivery) => deliveryRequested.create(delivery)),
      );
    }
    return { processed: eventIds.length, enriching: enriching.length };
  },
);

/** One event whose source enriches it: enrichment (retried), fan-out; failed keeps the error. */
export const processEvent = inngest.createFunction(
  {
    id: "process-event",
    triggers: [eventEnrichmentRequested],
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
    const deliveries = await step.run("fan-out", async () => {
      const planned = await planDeliveries([eventId]);
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
