// The events and subjects pages (server prefetch) and their tables (client) read a list's
// input from the query string the same way: the same URL gives the same query, so what the
// server prefetched is what the client reads.

/** The events list's filters, named as in GET /api/v1/events and kept in the query string. */
export const eventFilterKeys = [
  "tenantId",
  "sourceId",
  "type",
  "status",
  "subject",
  "from",
  "to",
  "payloadPath",
  "payloadValue",
] as const;

type Query = { get(key: string): string | null };

/** The named filters and the page (`cursor`) present in a query string; empty ones left out. */
export function inputFromQuery<K extends string>(query: Query, keys: readonly K[]) {
  const input: Partial<Record<K | "cursor", string>> = {};
  for (const key of [...keys, "cursor" as const]) {
    const value = query.get(key);
    if (value) input[key] = value;
  }
  return input;
}

/** A server page's `searchParams` as a query (the first value of a repeated key). */
export function queryOf(searchParams: Record<string, string | string[] | undefined>): Query {
  return {
    get: (key) => {
      const value = searchParams[key];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}
