import { JobRunStatus } from "@/generated/prisma/enums";

// The runs list's query string, read alike by the page (prefetch) and the list (browser).

export const runFilterKeys = ["functionId", "status"] as const;

export type RunFilters = Record<(typeof runFilterKeys)[number], string | undefined>;

export const runStatuses = Object.values(JobRunStatus);

/** The `runs.list` input of a filtered view and its page. */
export function runsInput(filters: Partial<RunFilters>, cursor?: string) {
  return {
    functionId: filters.functionId || undefined,
    status: runStatuses.find((status) => status === filters.status),
    cursor: cursor || undefined,
  };
}
