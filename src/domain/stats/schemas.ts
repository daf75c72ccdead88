import { z } from "zod";
import { DeliveryStatus, EventStatus } from "@/generated/prisma/enums";

/** The windows stats are read over (the last hour, day, week or 30 days until now). */
export const statsWindow = z.enum(["1h", "24h", "7d", "30d"]);
export type StatsWindow = z.infer<typeof statsWindow>;

/** One tenant (if the caller may see it) or every tenant the caller sees, over a window. */
export const statsInput = z.object({
  tenantId: z.string().optional(),
  window: statsWindow.default("24h"),
});

/** A count per status, every status present. */
const counts = <K extends string>(statuses: Record<string, K>) =>
  z.object(
    Object.fromEntries(Object.values(statuses).map((status) => [status, z.number()])) as Record<
      K,
      z.ZodNumber
    >,
  );
const deliveryCounts = counts(DeliveryStatus);

/** p50 and p95 of delivery latency (event received to delivery succeeded), in ms; null when none. */
const latencyOut = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/**
 * The console's first page, for one tenant or all the caller sees, over a window. Events: those
 * received in the window, by status now. Deliveries: those that ended in the window (a delivery
 * retried by hand after it failed ends again), and those created in it still pending.
 */
export const overviewOut = z.object({
  tenants: z.number(),
  sources: z.number(),
  endpoints: z.number(),
  events: counts(EventStatus),
  deliveries: deliveryCounts,
  window: statsWindow,
  /** The tenant shown; null for every tenant the caller sees. */
  tenantId: z.string().nullable(),
  from: z.date(),
  to: z.date(),
  totals: z.object({
    eventsIn: z.number(),
    deliveriesOut: z.number(),
    attempts: z.number(),
    attemptsFailed: z.number(),
    successRate: z.number().nullable(),
    latencyMs: latencyOut,
  }),
  /** One point per step (a minute for 1h up to 6 hours for 30d), oldest first, UTC-aligned. */
  stepMs: z.number(),
  series: z.array(
    z.object({ at: z.date(), eventsIn: z.number(), succeeded: z.number(), failed: z.number() }),
  ),
  /** Endpoints whose last attempt failed, with what failed in the window. */
  failingEndpoints: z.array(
    z.object({
      endpointId: z.string(),
      tenantId: z.string(),
      url: z.string(),
      description: z.string(),
      enabled: z.boolean(),
      disabledReason: z.string().nullable(),
      failingSince: z.date(),
      failed: z.number(),
      attemptsFailed: z.number(),
    }),
  ),
  /** The tenants the caller may pick from. */
  tenantChoices: z.array(z.object({ id: z.string(), name: z.string() })),
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
      latencyMs: latencyOut,
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
      latencyMs: latencyOut,
    }),
  ),
});
