import { z } from "zod";
import { getBulkRetry } from "@/domain/delivery/bulk-retry";
import { getDelivery, listDeliveries } from "@/domain/delivery/queries";
import {
  browseDeliveriesInput,
  bulkRetryInput,
  bulkRetryProgress,
  deliveryDetailOut,
  deliveryPageOut,
  deliveryStatus,
  listDeliveriesInput,
} from "@/domain/delivery/schemas";
import { byId } from "@/domain/schemas";
import { bulkRetryDeliveries, retryDeliveryNow } from "@/jobs/requests";
import { retryProcedure, router, signedInProcedure } from "../init";

export const deliveriesRouter = router({
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/deliveries", tags: ["deliveries"] } })
    .input(listDeliveriesInput)
    .output(deliveryPageOut)
    .query(({ ctx, input }) =>
      listDeliveries(ctx.scope, { ...input, status: input.status ?? "all" }),
    ),

  /** The console's list: the failed and pending queue unless a status (or all) is asked for. */
  browse: signedInProcedure
    .input(browseDeliveriesInput)
    .output(deliveryPageOut)
    .query(({ ctx, input }) => listDeliveries(ctx.scope, input)),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/deliveries/{id}", tags: ["deliveries"] } })
    .input(byId)
    .output(deliveryDetailOut)
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
