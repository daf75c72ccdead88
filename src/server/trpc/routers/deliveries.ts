import { z } from "zod";
import { getBulkRetry } from "@/domain/delivery/bulk-retry";
import { getDelivery, listDeliveries } from "@/domain/delivery/queries";
import { bulkRetryInput, deliveryStatus, listDeliveriesInput } from "@/domain/delivery/schemas";
import { bulkRetryDeliveries, retryDeliveryNow } from "@/jobs/requests";
import { retryProcedure, router, signedInProcedure } from "../init";

const delivery = z.object({
  id: z.string(),
  tenantId: z.string(),
  eventId: z.string(),
  endpointId: z.string(),
  status: deliveryStatus,
  attemptCount: z.number(),
  nextAttemptAt: z.date().nullable(),
  lastAttemptAt: z.date().nullable(),
  createdAt: z.date(),
});

const attempt = z.object({
  id: z.string(),
  attemptNumber: z.number(),
  trigger: z.enum(["schedule", "manual", "replay", "test"]),
  requestHeaders: z.record(z.string(), z.string()),
  responseStatus: z.number().nullable(),
  responseHeaders: z.record(z.string(), z.string()).nullable(),
  /** Truncated to 4 KiB. */
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  /** timeout | dns | connect | tls | ssrf_blocked | http_status */
  errorKind: z.string().nullable(),
  durationMs: z.number(),
  startedAt: z.date(),
});

export const bulkRetryProgress = z.object({
  id: z.string(),
  tenantId: z.string().nullable(),
  endpointId: z.string().nullable(),
  kind: z.string(),
  status: z.enum(["running", "completed"]),
  filter: z.object({
    status: z.enum(["failed", "pending"]),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  /** Deliveries it takes; `done` of them have been requested again. */
  total: z.number(),
  done: z.number(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

const byId = z.object({ id: z.string() });

export const deliveriesRouter = router({
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/deliveries", tags: ["deliveries"] } })
    .input(listDeliveriesInput)
    .output(z.object({ items: z.array(delivery), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listDeliveries(ctx.scope, input)),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/deliveries/{id}", tags: ["deliveries"] } })
    .input(byId)
    .output(delivery.extend({ eventType: z.string(), attempts: z.array(attempt) }))
    .query(({ ctx, input }) => getDelivery(ctx.scope, input.id)),

  /** Attempts it now (trigger "manual"), whatever its status but succeeded. */
  retry: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/deliveries/{id}/retry", tags: ["deliveries"] },
      successStatus: 202,
    })
    .input(byId)
    .output(z.object({ id: z.string(), status: deliveryStatus }))
    .mutation(async ({ ctx, input }) => {
      await retryDeliveryNow(ctx.scope, input.id);
      return { id: input.id, status: "pending" as const };
    }),

  /** Retries every delivery matching a filter (failed ones by default); poll its progress. */
  bulkRetry: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/deliveries/bulk-retry", tags: ["deliveries"] },
      successStatus: 202,
    })
    .input(bulkRetryInput)
    .output(bulkRetryProgress)
    .mutation(({ ctx, input }) => bulkRetryDeliveries(ctx.scope, input)),

  bulkRetryProgress: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/deliveries/bulk-retry/{id}", tags: ["deliveries"] } })
    .input(byId)
    .output(bulkRetryProgress)
    .query(({ ctx, input }) => getBulkRetry(ctx.scope, input.id)),
});
