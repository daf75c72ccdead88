import type { DeliveryStatusFilter } from "@/domain/delivery/schemas";

// What the deliveries list's query string means, read the same way by the page (to prefetch on
// the server) and by the list (to query in the browser): one input, one cache entry.

export const deliveryFilterKeys = [
  "tenantId",
  "endpointId",
  "eventId",
  "status",
  "from",
  "to",
] as const;

export type DeliveryFilters = Record<(typeof deliveryFilterKeys)[number], string | undefined>;

export const statusChoices: { value: DeliveryStatusFilter; label: string }[] = [
  { value: "queue", label: "Failed and pending" },
  { value: "failed", label: "Failed" },
  { value: "pending", label: "Pending" },
  { value: "succeeded", label: "Succeeded" },
  { value: "all", label: "All statuses" },
];

export function statusOf(filters: Partial<DeliveryFilters>): DeliveryStatusFilter {
  return statusChoices.find((choice) => choice.value === filters.status)?.value ?? "queue";
}

/** A time from the URL, when it is one (a mistyped one is left out rather than refused). */
const time = (value: string | undefined) =>
  value && !Number.isNaN(Date.parse(value)) ? value : undefined;

/** The `deliveries.browse` input of a filtered view and its page. */
export function browseInput(filters: Partial<DeliveryFilters>, cursor?: string) {
  return {
    tenantId: filters.tenantId || undefined,
    endpointId: filters.endpointId || undefined,
    eventId: filters.eventId || undefined,
    status: statusOf(filters),
    from: time(filters.from),
    to: time(filters.to),
    cursor: cursor || undefined,
  };
}

/** The query string's first value of each key, as Next hands it to a page. */
export function filtersFrom(
  params: Record<string, string | string[] | undefined>,
  keys: readonly string[],
): Record<string, string | undefined> {
  return Object.fromEntries(
    keys.map((key) => {
      const value = params[key];
      return [key, Array.isArray(value) ? value[0] : value];
    }),
  );
}

/** Queries retry what may pass (a 5xx, the network), never a refusal or a missing thing. */
export function retryUnlessRefused(
  failures: number,
  error: { data?: { httpStatus?: number } | null },
): boolean {
  const status = error.data?.httpStatus;
  return failures < 2 && !(status && status < 500);
}
