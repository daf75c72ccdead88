import { z } from "zod";
import { getOverview } from "@/domain/stats/overview";
import { getStats, statsInput } from "@/domain/stats/window";
import { router, signedInProcedure } from "../init";

const deliveryCounts = z.object({ pending: z.number(), succeeded: z.number(), failed: z.number() });

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number()])) as Record<K, z.ZodNumber>);

export const statsRouter = router({
  /** How much there is and how it is going, in the caller's tenants (the console's first page). */
  overview: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/stats/overview", tags: ["stats"] } })
    .input(z.object({}))
    .output(
      z.object({
        tenants: z.number(),
        sources: z.number(),
        endpoints: z.number(),
        events: counts(["received", "processing", "completed", "failed"]),
        deliveries: counts(["pending", "succeeded", "failed"]),
      }),
    )
    .query(({ ctx }) => getOverview(ctx.scope)),

  /** Per tenant and per endpoint over a window: deliveries by status and the success rate. */
  get: signedInProcedure
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
