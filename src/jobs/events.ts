import { eventType } from "inngest";
import { z } from "zod";
import { AttemptTrigger } from "@/generated/prisma/enums";

// Every event Switchyard's functions listen to, defined once: its name and the shape of its
// data. Functions take them as triggers; senders build them with `.create(data)`.

/** A committed event is ready for processing (enrichment, fan-out). */
export const eventReceived = eventType("switchyard/event.received", {
  schema: z.object({ eventId: z.string() }),
});

/** One delivery is to be attempted; `trigger` marks its first attempt (manual, replay...). */
export const deliveryRequested = eventType("switchyard/delivery.requested", {
  schema: z.object({
    deliveryId: z.string(),
    endpointId: z.string(),
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
    trigger: z.enum(AttemptTrigger).optional(),
    attempt: z.number().int().min(1).optional(),
    waitMs: z.number().min(0).optional(),
  }),
});

/** An event whose source enriches it: processed on a run of its own (retried on its own). */
export const eventEnrichmentRequested = eventType("switchyard/event.enrichment-requested", {
  schema: z.object({ eventId: z.string() }),
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
