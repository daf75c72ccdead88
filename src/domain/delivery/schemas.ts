import { z } from "zod";
import { pageInput } from "@/domain/pagination";
import { isoTime } from "@/lib/zod-time";

export const deliveryStatus = z.enum(["pending", "succeeded", "failed"]);

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

export type ListDeliveriesInput = z.output<typeof listDeliveriesInput>;
export type BulkRetryInput = z.input<typeof bulkRetryInput>;
