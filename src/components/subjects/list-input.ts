/**
 * The subjects list's filters, named as in GET /api/v1/subjects and kept in the query string;
 * `terminal` is "true" (terminal only), "false" (open only) or absent (all).
 */
export const subjectFilterKeys = [
  "tenantId",
  "sourceId",
  "keyPrefix",
  "status",
  "terminal",
] as const;

export type SubjectFilterValues = Partial<Record<(typeof subjectFilterKeys)[number], string>>;
