import { createCallerFactory, router } from "./init";
import { overviewRouter } from "./routers/overview";
import { tenantsRouter } from "./routers/tenants";

export const appRouter = router({
  overview: overviewRouter,
  tenants: tenantsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
