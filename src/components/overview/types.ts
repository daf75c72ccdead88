import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** What stats.overview answers, as the browser receives it. */
export type Overview = inferRouterOutputs<AppRouter>["stats"]["overview"];
