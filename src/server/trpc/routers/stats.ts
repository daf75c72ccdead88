import { z } from "zod";
import { getStats, statsInput } from "@/domain/stats/window";
import { apiProcedure, router } from "../init";

const deliveryCounts = z.object({ pending: z.number(), succeeded: z.number(), failed: z.number() });

export const statsRouter = router({
  /** Per tenant and per endpoint over a window: deliveries by status and the success rate. */
  get: apiProcedure
    .meta({ openapi: { method: "GET", path: "/stats", tags: ["stats"] } })
    .input(statsInput)
    .output(
      z.object({
        window: z.string(),
        from: z.date(),
        to: z.date(),
        attempts: z.number(),
        tenants: z.array(
          z.object({
            tenantId: z.string(),
            events: z.number(),
            eventsFailed: z.number(),
            deliveries: deliveryCounts,
            successRate: z.number().nullable(),
          }),
        ),
        endpoints: z.array(
          z.object({
            endpointId: z.string(),
            tenantId: z.string(),
            url: z.string(),
            enabled: z.boolean(),
            deliveries: deliveryCounts,
            successRate: z.number().nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => getStats(ctx.scope, input)),
});
