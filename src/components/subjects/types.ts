import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** A subject as its page reads it (subjectOut): state, groups and timeline. */
export type SubjectDetail = inferRouterOutputs<AppRouter>["subjects"]["get"];
export type TimelineEntry = SubjectDetail["timeline"][number];
