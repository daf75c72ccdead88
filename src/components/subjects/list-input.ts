/** The subjects list's filters, named as in GET /api/v1/subjects and kept in the query string. */
export const subjectFilterKeys = ["tenantId", "sourceId", "keyPrefix", "status"] as const;

export type SubjectFilterValues = Partial<Record<(typeof subjectFilterKeys)[number], string>>;
