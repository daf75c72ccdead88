import { z } from "zod";
import { getEvent, listEvents } from "@/domain/events/queries";
import {
  eventStatus,
  listEventsInput,
  publishEventInput,
  timelineEntry,
} from "@/domain/events/schemas";
import { publishAndHandOff, replayEvent, rerunEvent } from "@/jobs/requests";
import { configureProcedure, retryProcedure, router, signedInProcedure } from "../init";

const eventSummary = z.object({
  id: z.string(),
  tenantId: z.string(),
  sourceId: z.string().nullable(),
  type: z.string(),
  /** inbound | published | replay | poll */
  origin: z.string(),
  subject: z.string().nullable(),
  status: eventStatus,
  error: z.string().nullable(),
  receivedAt: z.date(),
  processedAt: z.date().nullable(),
});

const eventDetail = eventSummary.extend({
  payload: z.unknown(),
  enrichment: z.unknown(),
  replayOfId: z.string().nullable(),
  deliveries: z.array(
    z.object({
      id: z.string(),
      endpointId: z.string(),
      status: z.string(),
      attemptCount: z.number(),
    }),
  ),
  timeline: z.array(timelineEntry),
});

const byId = z.object({ id: z.string() });

export const eventsRouter = router({
  /** Publishes a domain event to the tenant's matching endpoints. */
  publish: configureProcedure
    .meta({ openapi: { method: "POST", path: "/events", tags: ["events"] }, successStatus: 202 })
    .input(publishEventInput)
    .output(
      z.object({
        id: z.string(),
        tenantId: z.string(),
        type: z.string(),
        status: eventStatus,
        duplicate: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => publishAndHandOff(ctx.scope, input)),

  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/events", tags: ["events"] } })
    .input(listEventsInput)
    .output(z.object({ items: z.array(eventSummary), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listEvents(ctx.scope, input)),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/events/{id}", tags: ["events"] } })
    .input(byId)
    .output(eventDetail)
    .query(({ ctx, input }) => getEvent(ctx.scope, input.id)),

  /** A new event (origin "replay") delivered to every endpoint that matches now. */
  replay: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/events/{id}/replay", tags: ["events"] },
      successStatus: 202,
    })
    .input(byId)
    .output(z.object({ id: z.string(), replayOf: z.string() }))
    .mutation(async ({ ctx, input }) => ({
      id: await replayEvent(ctx.scope, input.id),
      replayOf: input.id,
    })),

  /** Runs a failed event's processing (enrichment, fan-out) again. */
  rerun: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/events/{id}/rerun", tags: ["events"] },
      successStatus: 202,
    })
    .input(byId)
    .output(z.object({ id: z.string(), status: eventStatus }))
    .mutation(async ({ ctx, input }) => {
      await rerunEvent(ctx.scope, input.id);
      return { id: input.id, status: "received" as const };
    }),
});
