import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** One event as its page reads it (events.get). */
export type EventDetail = inferRouterOutputs<AppRouter>["events"]["get"];
