import { z } from "zod";
import { listFilterChoices } from "@/domain/events/filter-choices";
import { listEvents } from "@/domain/events/list-events";
import { getEvent } from "@/domain/events/queries";
import {
  eventDetailOut,
  eventStatus,
  eventSummaryOut,
  filterChoicesOut,
  listEventsInput,
  publishEventInput,
  publishedEventOut,
} from "@/domain/events/schemas";
import { byId } from "@/domain/schemas";
import { publishAndHandOff, replayEvent, rerunEvent } from "@/jobs/requests";
import { configureProcedure, retryProcedure, router, signedInProcedure } from "../init";

export const eventsRouter = router({
  /** Publishes a domain event to the tenant's matching endpoints. */
  publish: configureProcedure
    .meta({ openapi: { method: "POST", path: "/events", tags: ["events"] }, successStatus: 202 })
    .input(publishEventInput)
    .output(publishedEventOut)
    .mutation(({ ctx, input }) => publishAndHandOff(ctx.scope, input)),

  /** Newest first; `payloadPath` + `payloadValue` find events whose payload holds that value. */
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/events", tags: ["events"] } })
    .input(listEventsInput)
    .output(z.object({ items: z.array(eventSummaryOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listEvents(ctx.scope, input)),

  /** The tenants and sources the console's list filters offer (console only, no REST route). */
  filterChoices: signedInProcedure
    .output(filterChoicesOut)
    .query(({ ctx }) => listFilterChoices(ctx.scope)),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/events/{id}", tags: ["events"] } })
    .input(byId)
    .output(eventDetailOut)
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
