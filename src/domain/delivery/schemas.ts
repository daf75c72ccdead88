import { z } from "zod";
import { pageInput } from "@/domain/pagination";
import { AttemptTrigger, BulkRetryStatus, DeliveryStatus } from "@/generated/prisma/enums";
import { isoTime } from "@/lib/zod-time";

export const deliveryStatus = z.enum(DeliveryStatus);

export const listDeliveriesInput = z.object({
  tenantId: z.string().optional(),
  eventId: z.string().optional(),
  endpointId: z.string().optional(),
  status: deliveryStatus.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  ...pageInput,
});

/** Which deliveries a bulk retry takes: one endpoint or all, failed ones by default, a time range. */
export const bulkRetryInput = z.object({
  tenantId: z.string().optional(),
  endpointId: z.string().optional(),
  status: z.enum(["failed", "pending"]).default("failed"),
  from: isoTime.optional(),
  to: isoTime.optional(),
});

export const recoverEndpointInput = z.object({
  /** Everything that failed since then is sent again. */
  since: isoTime,
});

/**
 * The console's status filter: one status, the failed and pending queue (the default: what
 * needs attention), or all of them.
 */
export const deliveryStatusFilter = z.enum([...Object.values(DeliveryStatus), "queue", "all"]);

/** The console's list: the REST list's filters, the queue by default. */
export const browseDeliveriesInput = listDeliveriesInput.extend({
  status: deliveryStatusFilter.default("queue"),
});

export type ListDeliveriesInput = z.output<typeof listDeliveriesInput>;
export type BrowseDeliveriesInput = z.output<typeof browseDeliveriesInput>;
export type DeliveryStatusFilter = z.output<typeof deliveryStatusFilter>;
export type BulkRetryInput = z.input<typeof bulkRetryInput>;

export const deliveryOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  eventId: z.string(),
  endpointId: z.string(),
  status: deliveryStatus,
  attemptCount: z.number(),
  nextAttemptAt: z.date().nullable(),
  lastAttemptAt: z.date().nullable(),
  createdAt: z.date(),
});

/** A delivery as a list shows it: where it goes, what it carries, how its last attempt went. */
export const deliveryRowOut = deliveryOut.extend({
  endpointUrl: z.string(),
  eventType: z.string(),
  /** The last attempt's HTTP status; null before the first attempt or when none came back. */
  lastResponseStatus: z.number().nullable(),
  lastErrorKind: z.string().nullable(),
});

export const deliveryPageOut = z.object({
  items: z.array(deliveryRowOut),
  nextCursor: z.string().nullable(),
});

export const attemptOut = z.object({
  id: z.string(),
  attemptNumber: z.number(),
  trigger: z.enum(AttemptTrigger),
  requestHeaders: z.record(z.string(), z.string()),
  responseStatus: z.number().nullable(),
  responseHeaders: z.record(z.string(), z.string()).nullable(),
  /** Truncated to 4 KiB. */
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  /** timeout | dns | connect | tls | ssrf_blocked | http_status */
  errorKind: z.string().nullable(),
  durationMs: z.number(),
  startedAt: z.date(),
});

export const bulkRetryProgress = z.object({
  id: z.string(),
  tenantId: z.string().nullable(),
  endpointId: z.string().nullable(),
  kind: z.string(),
  status: z.enum(BulkRetryStatus),
  filter: z.object({
    status: z.enum(["failed", "pending"]),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  /** Deliveries it takes; `done` of them have been requested again. */
  total: z.number(),
  done: z.number(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const deliveryDetailOut = deliveryOut.extend({
  eventType: z.string(),
  endpointUrl: z.string(),
  endpointEnabled: z.boolean(),
  /**
   * The body every attempt sent (attempts store their headers, not the body): rebuilt from the
   * event exactly as it is sent, the event's own time as its timestamp.
   */
  requestBody: z.string(),
  attempts: z.array(attemptOut),
});
