import { createCallerFactory, router } from "./init";
import { consoleRouter } from "./routers/console";
import { deliveriesRouter } from "./routers/deliveries";
import { endpointsRouter } from "./routers/endpoints";
import { eventsRouter } from "./routers/events";
import { sourcesRouter } from "./routers/sources";
import { statsRouter } from "./routers/stats";
import { subjectsRouter } from "./routers/subjects";
import { tenantsRouter } from "./routers/tenants";

/** Every procedure; those with an `openapi` route are also the REST API under /api/v1. */
export const appRouter = router({
  console: consoleRouter,
  tenants: tenantsRouter,
  sources: sourcesRouter,
  endpoints: endpointsRouter,
  events: eventsRouter,
  deliveries: deliveriesRouter,
  subjects: subjectsRouter,
  stats: statsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
