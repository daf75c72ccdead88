import { listTenants } from "@/domain/tenants/tenants";
import { publicProcedure, router } from "../init";

export const tenantsRouter = router({
  list: publicProcedure.query(() => listTenants()),
});
