import { z } from "zod";
import { deliveryStatus } from "@/domain/delivery/schemas";
import { pageInput } from "@/domain/pagination";
import { EventOrigin, EventStatus } from "@/generated/prisma/enums";
import { isoTime } from "@/lib/zod-time";

export const eventStatus = z.enum(EventStatus);

/** What a published event may be called: dotted words, as in "claim.opened". */
export const eventTypeName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dotted words such as "claim.opened"');

/** POST /api/v1/events. A tenant key may leave tenantId out: it publishes for its own tenant. */
export const publishEventInput = z.object({
  tenantId: z.string().min(1).optional(),
  type: eventTypeName,
  data: z.record(z.string(), z.unknown()),
  /** Publishing twice with the same key gives the first event back, delivered once. */
  idempotencyKey: z.string().min(1).max(255).optional(),
  /** Groups the event into a subject's timeline (an order, a claim). */
  subject: z.string().min(1).max(255).optional(),
});

export const listEventsInput = z.object({
  tenantId: z.string().optional(),
  sourceId: z.string().optional(),
  type: z.string().optional(),
  status: eventStatus.optional(),
  subject: z.string().optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** A payload field, as a dotted path (`lead_id`, `message.call.id`), with `payloadValue`. */
  payloadPath: z
    .string()
    .max(200)
    .regex(/^[^.]+(\.[^.]+)*$/, 'a dotted path such as "message.call.id"')
    .optional(),
  /** The value the payload field holds: `42` finds the number 42 and the text "42". */
  payloadValue: z.string().max(1000).optional(),
  ...pageInput,
});

/** One line of an event's timeline: a step of its processing, or one delivery attempt. */
export const timelineEntry = z.object({
  at: z.date(),
  kind: z.enum(["received", "handed_off", "processed", "failed", "attempt"]),
  error: z.string().nullable().optional(),
  deliveryId: z.string().optional(),
  endpointId: z.string().optional(),
  attemptNumber: z.number().optional(),
  trigger: z.string().optional(),
  responseStatus: z.number().nullable().optional(),
  errorKind: z.string().nullable().optional(),
  durationMs: z.number().optional(),
});

export type TimelineEntry = z.infer<typeof timelineEntry>;
export type PublishEventInput = z.input<typeof publishEventInput>;
export type ListEventsInput = z.output<typeof listEventsInput>;

export const eventSummaryOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  sourceId: z.string().nullable(),
  type: z.string(),
  origin: z.enum(EventOrigin),
  subject: z.string().nullable(),
  status: eventStatus,
  error: z.string().nullable(),
  receivedAt: z.date(),
  processedAt: z.date().nullable(),
});

export type EventSummaryOut = z.infer<typeof eventSummaryOut>;

/** The inbound request that carried an event: headers redacted as stored, body as received. */
export const inboundRequestOut = z.object({
  contentType: z.string(),
  receivedAt: z.date(),
  headers: z.record(z.string(), z.string()),
  /** The first 64 KiB, as text (utf8) or, when not text, base64. */
  body: z.string(),
  bodyEncoding: z.enum(["utf8", "base64"]),
  bodyBytes: z.number(),
  bodyTruncated: z.boolean(),
});

export const eventDetailOut = eventSummaryOut.extend({
  tenantName: z.string(),
  payload: z.unknown(),
  enrichment: z.unknown(),
  replayOfId: z.string().nullable(),
  /** Newer events replaying this one, newest first (at most 20). */
  replays: z.array(z.object({ id: z.string(), receivedAt: z.date() })),
  /** Null for published events. `verification` is the scheme the request passed. */
  source: z
    .object({
      slug: z.string(),
      name: z.string(),
      verification: z.string(),
      /** The source calls an enrichment service for each event. */
      enriches: z.boolean(),
    })
    .nullable(),
  /** Null for published events (and requests deleted since). */
  request: inboundRequestOut.nullable(),
  deliveries: z.array(
    z.object({
      id: z.string(),
      endpointId: z.string(),
      endpointUrl: z.string(),
      status: deliveryStatus,
      attemptCount: z.number(),
      nextAttemptAt: z.date().nullable(),
    }),
  ),
  timeline: z.array(timelineEntry),
});

/** The answer to a publish: a repeated idempotency key returns the first event (`duplicate`). */
export const publishedEventOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: z.string(),
  status: eventStatus,
  duplicate: z.boolean(),
});

/** What the console's filters offer: the caller's tenants and sources, by name. */
export const filterChoicesOut = z.object({
  tenants: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string() })),
  sources: z.array(
    z.object({ id: z.string(), name: z.string(), slug: z.string(), tenantId: z.string() }),
  ),
});
