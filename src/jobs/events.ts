import { eventType } from "inngest";
import { z } from "zod";
import { AttemptTrigger } from "@/generated/prisma/enums";

// Every event Switchyard's functions listen to, defined once: its name and the shape of its
// data. Functions take them as triggers; senders build them with `.create(data)`.

/** Events in one hand-off, at most. */
export const EVENTS_PER_HAND_OFF = 100;

/**
 * Committed events are ready for processing (enrichment, fan-out). One hand-off names many
 * events: under a flood of webhooks, one runner event (and one Inngest event on the bill)
 * serves up to a hundred of them instead of one each.
 */
export const eventsReceived = eventType("switchyard/events.received", {
  schema: z.object({ eventIds: z.array(z.string()).min(1).max(EVENTS_PER_HAND_OFF) }),
});

/**
 * A delivery's first attempt is requested under the event id of this prefix and the
 * delivery's id: a request made twice (a step retried after sending, an event processed again
 * after the sweeper re-handed it) is kept once, by Inngest and by the embedded runner alike
 * (event ids are deduplicated for 24 h), so a delivery is never attempted twice at once.
 */
export const FIRST_ATTEMPT_KEY_PREFIX = "first-attempt-";

/** One delivery is to be attempted; `trigger` marks its first attempt (manual, replay...). */
export const deliveryRequested = eventType("switchyard/delivery.requested", {
  schema: z.object({
    deliveryId: z.string(),
    endpointId: z.string(),
    /** Its tenant's deliveries share a limit (absent: held by the endpoint's limit only). */
    tenantId: z.string().optional(),
    trigger: z.enum(AttemptTrigger).optional(),
  }),
});

/**
 * A delivery's first attempt failed (or found the endpoint's rate limit used up): attempt
 * number `attempt` follows after `waitMs`, on its own run.
 */
export const deliveryRetryScheduled = eventType("switchyard/delivery.retry-scheduled", {
  schema: z.object({
    deliveryId: z.string(),
    endpointId: z.string(),
    tenantId: z.string().optional(),
    trigger: z.enum(AttemptTrigger).optional(),
    attempt: z.number().int().min(1).optional(),
    waitMs: z.number().min(0).optional(),
  }),
});

/** An event whose source enriches it: processed on a run of its own (retried on its own). */
export const eventEnrichmentRequested = eventType("switchyard/event.enrichment-requested", {
  schema: z.object({ eventId: z.string() }),
});

/** The embedded runner has started (its warm-up run follows). */
export const runnerStarted = eventType("switchyard/runner.started", {
  schema: z.object({}),
});

/** A bulk retry (or an endpoint's recovery) is to be worked through. */
export const bulkRetryRequested = eventType("switchyard/bulk-retry.requested", {
  schema: z.object({ bulkRetryId: z.string() }),
});

/** A subject poll falls due within the minute (a short `after` or `every`): poll at `at`. */
export const subjectPollDue = eventType("switchyard/subject.poll-due", {
  schema: z.object({ at: z.string() }),
});

/** Subjects of one source claimed for a poll: polled by a run of their own. */
export const subjectPollsClaimed = eventType("switchyard/subject.polls-claimed", {
  schema: z.object({ sourceId: z.string(), subjectIds: z.array(z.string()) }),
});
