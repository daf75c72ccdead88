import { getOverview } from "@/domain/stats/overview";
import { publicProcedure, router } from "../init";

export const overviewRouter = router({
  get: publicProcedure.query(() => getOverview()),
});
