import { getOverview } from "@/domain/stats/overview";
import { listTenants } from "@/domain/tenants/tenants";
import { publicProcedure, router } from "../init";

/** What the console reads before it has a login (read-only, no secrets). */
export const consoleRouter = router({
  overview: publicProcedure.query(() => getOverview()),
  tenants: publicProcedure.query(() => listTenants()),
});
