import type { Prisma } from "@/generated/prisma/client";

/** The columns of a subject's state, as every read returns them. */
export const subjectStateSelect = {
  id: true,
  tenantId: true,
  sourceId: true,
  key: true,
  status: true,
  terminal: true,
  terminalAt: true,
  progress: true,
  result: true,
  error: true,
  fields: true,
  updatedBy: true,
  lastEventAt: true,
  nextPollAt: true,
  lastPolledAt: true,
  pollFailures: true,
  lastPollError: true,
  createdAt: true,
} satisfies Prisma.SubjectSelect;

export type SubjectStateRow = Prisma.SubjectGetPayload<{ select: typeof subjectStateSelect }>;

/** The row as the API returns it: fields are text values by construction. */
export function toSubjectState(row: SubjectStateRow) {
  return { ...row, fields: (row.fields ?? {}) as Record<string, string> };
}
