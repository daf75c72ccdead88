import { z } from "zod";
import { bulkRetryProgress, recoverEndpointInput } from "@/domain/delivery/schemas";
import { keptTestEvent } from "@/domain/delivery/test-event";
import { endpointActivity } from "@/domain/endpoints/activity";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  getEndpointSecret,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from "@/domain/endpoints/endpoints";
import { recentDeliveries } from "@/domain/endpoints/recent-deliveries";
import {
  createEndpointInput,
  endpointActivityInput,
  endpointActivityOut,
  endpointOut,
  endpointWithSecretOut,
  recentDeliveriesInput,
  recentDeliveryOut,
  testEventInput,
  testEventOut,
  updateEndpointInput,
} from "@/domain/endpoints/schemas";
import { byId } from "@/domain/schemas";
import { recoverEndpointSince, sendTestEvent } from "@/jobs/requests";
import { configureProcedure, retryProcedure, router, signedInProcedure } from "../init";

export const endpointsRouter = router({
  /** The answer carries the whsec_ secret; later answers never show it. */
  create: configureProcedure
    .meta({
      openapi: { method: "POST", path: "/endpoints", tags: ["endpoints"] },
      successStatus: 201,
    })
    .input(createEndpointInput.extend({ tenantId: z.string().optional() }))
    .output(endpointWithSecretOut)
    .mutation(({ ctx, input }) => createEndpoint(ctx.scope, input)),

  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/endpoints", tags: ["endpoints"] } })
    .input(z.object({ tenantId: z.string().optional() }))
    .output(z.object({ items: z.array(endpointOut) }))
    .query(async ({ ctx, input }) => ({
      items: await listEndpoints(ctx.scope, input),
    })),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/endpoints/{id}", tags: ["endpoints"] } })
    .input(byId)
    .output(endpointOut)
    .query(({ ctx, input }) => getEndpoint(ctx.scope, input.id)),

  /** `enabled: true` re-enables a disabled endpoint and clears the reason. */
  update: configureProcedure
    .meta({ openapi: { method: "PATCH", path: "/endpoints/{id}", tags: ["endpoints"] } })
    .input(updateEndpointInput.extend(byId.shape))
    .output(endpointOut)
    .mutation(({ ctx, input: { id, ...changes } }) => updateEndpoint(ctx.scope, id, changes)),

  delete: configureProcedure
    .meta({ openapi: { method: "DELETE", path: "/endpoints/{id}", tags: ["endpoints"] } })
    .input(byId)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteEndpoint(ctx.scope, input.id);
      return { id: input.id, deleted: true as const };
    }),

  /** A new secret now; the previous one keeps signing beside it for 24 hours. */
  rotateSecret: configureProcedure
    .meta({
      openapi: { method: "POST", path: "/endpoints/{id}/rotate-secret", tags: ["endpoints"] },
    })
    .input(byId)
    .output(endpointWithSecretOut)
    .mutation(({ ctx, input }) => rotateEndpointSecret(ctx.scope, input.id)),

  secret: configureProcedure
    .meta({ openapi: { method: "GET", path: "/endpoints/{id}/secret", tags: ["endpoints"] } })
    .input(byId)
    .output(z.object({ secret: z.string() }))
    .query(({ ctx, input }) => getEndpointSecret(ctx.scope, input.id)),

  /**
   * Sends a signed test event to this endpoint only (disabled ones too): `{type, data}` as
   * given, kept for the next test; without them `switchyard.test` with an example payload.
   */
  sendTest: configureProcedure
    .meta({
      openapi: { method: "POST", path: "/endpoints/{id}/test", tags: ["endpoints"] },
      successStatus: 202,
    })
    .input(testEventInput.extend(byId.shape))
    .output(z.object({ eventId: z.string(), deliveryId: z.string() }))
    .mutation(({ ctx, input: { id, ...event } }) => sendTestEvent(ctx.scope, id, event)),

  /** What the next test send starts from: the last test event sent, or the example. */
  testEvent: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/endpoints/{id}/test", tags: ["endpoints"] } })
    .input(byId)
    .output(testEventOut)
    .query(({ ctx, input }) => keptTestEvent(ctx.scope, input.id)),

  /** The endpoint's newest deliveries with their event type and last attempt (its page). */
  recentDeliveries: signedInProcedure
    .input(recentDeliveriesInput)
    .output(z.object({ items: z.array(recentDeliveryOut) }))
    .query(async ({ ctx, input }) => ({
      items: await recentDeliveries(ctx.scope, input.id, input.limit),
    })),

  /** The last 24 hours of each endpoint, by hour: the console list's rate and sparkline. */
  activity: signedInProcedure
    .input(endpointActivityInput)
    .output(endpointActivityOut)
    .query(({ ctx, input }) => endpointActivity(ctx.scope, input)),

  /** Sends again everything that failed to this endpoint since a time; answers with progress. */
  recover: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/endpoints/{id}/recover", tags: ["endpoints"] },
      successStatus: 202,
    })
    .input(recoverEndpointInput.extend(byId.shape))
    .output(bulkRetryProgress)
    .mutation(({ ctx, input }) => recoverEndpointSince(ctx.scope, input.id, input.since)),
});
