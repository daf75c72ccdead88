import { createCallerFactory, router } from "./init";
import { accountRouter } from "./routers/account";
import { auditRouter } from "./routers/audit";
import { deliveriesRouter } from "./routers/deliveries";
import { endpointsRouter } from "./routers/endpoints";
import { eventsRouter } from "./routers/events";
import { peopleRouter } from "./routers/people";
import { runsRouter } from "./routers/runs";
import { sourcesRouter } from "./routers/sources";
import { statsRouter } from "./routers/stats";
import { groupsRouter, subjectsRouter } from "./routers/subjects";
import { tenantsRouter } from "./routers/tenants";

/** Every procedure; those with an `openapi` route are also the REST API under /api/v1. */
export const appRouter = router({
  account: accountRouter,
  tenants: tenantsRouter,
  people: peopleRouter,
  auditLog: auditRouter,
  sources: sourcesRouter,
  endpoints: endpointsRouter,
  events: eventsRouter,
  deliveries: deliveriesRouter,
  subjects: subjectsRouter,
  groups: groupsRouter,
  stats: statsRouter,
  runs: runsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
