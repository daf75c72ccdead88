import { type PlannedDelivery, planDeliveries } from "@/domain/delivery/fan-out";
import {
  completeProcessing,
  eventsToProcess,
  failProcessing,
  startProcessing,
} from "@/domain/events/lifecycle";
import { enrichEvent } from "@/domain/ingest/enrich";
import { inngest } from "../client";
import {
  deliveryRequested,
  eventEnrichmentRequested,
  eventsReceived,
  FIRST_ATTEMPT_KEY_PREFIX,
} from "../events";

/** Hand-offs processed by one run, at most (each names up to 100 events), and such runs at once. */
export const HAND_OFFS_PER_RUN = 5;
export const PROCESSING_RUNS_AT_ONCE = 2;

/**
 * Fan-out and completion for many events per run: finding them, planning their deliveries
 * and completing them take a few statements whatever their number.
 * An event whose source enriches it goes on alone (`process-event`), so that a failing
 * enrichment service fails only its own events. A run that fails for good (the database
 * gone for its every retry) leaves its events to the hand-off sweeper.
 */
export const processEvents = inngest.createFunction(
  {
    id: "process-events",
    triggers: [eventsReceived],
    batchEvents: { maxSize: HAND_OFFS_PER_RUN, timeout: "1s" },
    // While these runs work, the next batch fills: under a flood of webhooks, runs of many
    // events each, instead of a run for every few (and the runner's CPU left to ingest).
    concurrency: { limit: PROCESSING_RUNS_AT_ONCE },
  },
  async ({ events, step, runId }) => {
    const eventIds = [...new Set(events.flatMap((event) => event.data.eventIds))];
    // Events are complete with their planned deliveries, and the deliveries requested, in one
    // step: a step less on every run, on the path of every webhook's latency.
    return step.run("fan-out", async () => {
      const started = await eventsToProcess(eventIds);
      const plain = started.filter((event) => !event.enrich).map((event) => event.eventId);
      const enriching = started.filter((event) => event.enrich).map((event) => event.eventId);
      const deliveries = await planDeliveries(plain);
      // Requested before completion: a retry of this step finds the events still to complete.
      const requests = [
        ...enriching.map((eventId) =>
          // Of this run: a retried step asks once, a re-run of the event asks again.
          eventEnrichmentRequested.create({ eventId }, { id: `${runId}:enrich:${eventId}` }),
        ),
        ...firstAttemptRequests(deliveries),
      ];
      if (requests.length > 0) await inngest.send(requests);
      await completeProcessing(plain);
      return {
        processed: eventIds.length,
        enriching: enriching.length,
        deliveries: deliveries.length,
      };
    });
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
      await completeProcessing([eventId]);
      return planned;
    });
    if (deliveries.length > 0)
      await step.sendEvent("request-deliveries", firstAttemptRequests(deliveries));
    return { eventId };
  },
);

/** Each delivery's first attempt, requested once (see FIRST_ATTEMPT_KEY_PREFIX). */
function firstAttemptRequests(deliveries: PlannedDelivery[]) {
  return deliveries.map((delivery) =>
    deliveryRequested.create(delivery, {
      id: `${FIRST_ATTEMPT_KEY_PREFIX}${delivery.deliveryId}`,
    }),
  );
}
