import { z } from "zod";
import { getOverview } from "@/domain/stats/overview";
import { overviewOut, statsOut } from "@/domain/stats/schemas";
import { getStats, statsInput } from "@/domain/stats/window";
import { router, signedInProcedure } from "../init";

export const statsRouter = router({
  /** How much there is and how it is going, in the caller's tenants (the console's first page). */
  overview: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/stats/overview", tags: ["stats"] } })
    .input(z.object({}))
    .output(overviewOut)
    .query(({ ctx }) => getOverview(ctx.scope)),

  /** Per tenant and per endpoint over a window: deliveries by status and the success rate. */
  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/stats", tags: ["stats"] } })
    .input(statsInput)
    .output(statsOut)
    .query(({ ctx, input }) => getStats(ctx.scope, input)),
});
