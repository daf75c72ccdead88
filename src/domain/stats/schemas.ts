import { z } from "zod";
import { DeliveryStatus, EventStatus } from "@/generated/prisma/enums";

/** A count per status, every status present. */
const counts = <K extends string>(statuses: Record<string, K>) =>
  z.object(
    Object.fromEntries(Object.values(statuses).map((status) => [status, z.number()])) as Record<
      K,
      z.ZodNumber
    >,
  );
const deliveryCounts = counts(DeliveryStatus);

/** How much there is and how it is going: the console's first page. */
export const overviewOut = z.object({
  tenants: z.number(),
  sources: z.number(),
  endpoints: z.number(),
  events: counts(EventStatus),
  deliveries: deliveryCounts,
});

/** Per tenant and per endpoint over a window: deliveries by status and the success rate. */
export const statsOut = z.object({
  window: z.string(),
  from: z.date(),
  to: z.date(),
  attempts: z.number(),
  tenants: z.array(
    z.object({
      tenantId: z.string(),
      events: z.number(),
      eventsFailed: z.number(),
      deliveries: deliveryCounts,
      successRate: z.number().nullable(),
    }),
  ),
  endpoints: z.array(
    z.object({
      endpointId: z.string(),
      tenantId: z.string(),
      url: z.string(),
      enabled: z.boolean(),
      deliveries: deliveryCounts,
      successRate: z.number().nullable(),
    }),
  ),
});
