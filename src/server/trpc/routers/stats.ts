import { getStats } from "@/domain/stats/breakdown";
import { getOverview } from "@/domain/stats/overview";
import { overviewOut, statsInput, statsOut } from "@/domain/stats/schemas";
import { router, signedInProcedure } from "../init";

export const statsRouter = router({
  /**
   * The console's first page over a window (default 24h), for one tenant or all the caller
   * sees: volume in and out, success rate, latency, a chart and the endpoints failing now.
   */
  overview: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/stats/overview", tags: ["stats"] } })
    .input(statsInput)
    .output(overviewOut)
    .query(({ ctx, input }) => getOverview(ctx.scope, input)),

  /** Per tenant and per endpoint over a window: deliveries by status and the success rate. */
  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/stats", tags: ["stats"] } })
    .input(statsInput)
    .output(statsOut)
    .query(({ ctx, input }) => getStats(ctx.scope, input)),
});
