import { z } from "zod";
import { attemptOut, deliveryOut } from "@/domain/delivery/schemas";
import { eventTypeName } from "@/domain/events/schemas";
import { jsonPath } from "@/domain/schemas";
import { rateLimitRule } from "@/domain/sources/schemas";
import { parseDurationList } from "@/lib/durations";
import { patchSchema } from "@/lib/zod-patch";

/** Exact types ("claim.opened"), prefixes ("claim.*") or everything ("*"). */
export const eventTypePattern = z
  .string()
  .max(200)
  .regex(
    /^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/,
    'an event type, a prefix like "claim.*", or "*"',
  );

/** A simple JSON match: every listed path must equal its value ({"data.region": "eu"}). */
export const payloadFilter = z.record(
  jsonPath,
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, "a header name");
// Headers Switchyard sets itself, or that frame the request: an endpoint may not set them.
const reservedHeaders = new Set([
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "content-type",
  "content-length",
  "transfer-encoding",
  "connection",
  "host",
]);

/** Each refused header by name: a reserved one, or a value HTTP cannot carry (CR, LF, NUL). */
const customHeaders = z.record(headerName, z.string().max(2000)).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    if (reservedHeaders.has(name.toLowerCase())) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `${name} is set by Switchyard and may not be a custom header`,
      });
    } else if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `the value of ${name} may not contain CR, LF or other control characters`,
      });
    }
  }
});

const endpointFields = {
  url: z.url({ protocol: /^https?$/ }).max(2000),
  description: z.string().max(500).default(""),
  eventTypes: z.array(eventTypePattern).min(1).max(100).default(["*"]),
  filter: payloadFilter.nullable().default(null),
  // Refinements go before .default(): a PATCH (patchSchema) unwraps the default and keeps them.
  headers: customHeaders.default({}),
  timeoutMs: z.number().int().min(1_000).max(60_000).nullable().default(null),
  /** This endpoint's delays between attempts ("5s,1m,10m"); null: DELIVERY_RETRY_SCHEDULE. */
  retrySchedule: z
    .string()
    .max(300)
    .refine(isRetrySchedule, "1 to 20 durations such as 5s,1m,10m (each at most 7 days)")
    .nullable()
    .default(null),
  rateLimit: rateLimitRule.nullable().default(null),
  enabled: z.boolean().default(true),
};

// Strict (as PATCH is): a misspelt field is refused by name, not dropped without a word.
export const createEndpointInput = z.strictObject({
  tenantId: z.string().min(1),
  ...endpointFields,
});
export const updateEndpointInput = patchSchema(endpointFields);

export type CreateEndpointInput = z.input<typeof createEndpointInput>;
export type UpdateEndpointInput = z.input<typeof updateEndpointInput>;

function isRetrySchedule(text: string): boolean {
  try {
    const delays = parseDurationList(text);
    return delays.length >= 1 && delays.length <= 20 && delays.every((ms) => ms <= 7 * 86_400_000);
  } catch {
    return false;
  }
}

export const endpointOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  filter: payloadFilter.nullable(),
  headers: z.record(z.string(), z.string()),
  timeoutMs: z.number().nullable(),
  /** Delays between attempts after the first; null: the server's DELIVERY_RETRY_SCHEDULE. */
  retrySchedule: z.string().nullable(),
  rateLimit: rateLimitRule.nullable(),
  enabled: z.boolean(),
  /** Why it was disabled: by hand, 410 Gone, or failing for too long. */
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  /** During a secret rotation, until when the previous secret still signs. */
  rotatingUntil: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const endpointWithSecretOut = endpointOut.extend({ secret: z.string() });

/** The last 24 hours of the endpoints the list shows (a tenant filter), or of one endpoint. */
export const endpointActivityInput = z.object({
  tenantId: z.string().optional(),
  endpointId: z.string().optional(),
});

const activityCounts = {
  succeeded: z.number(),
  failed: z.number(),
  pending: z.number(),
};

export const endpointActivityOut = z.object({
  /** Start of the first hour; hours[i] starts i hours later, the last one being this hour. */
  since: z.date(),
  items: z.array(
    z.object({
      endpointId: z.string(),
      ...activityCounts,
      /** Succeeded of finished (succeeded + failed); null when none finished. */
      successRate: z.number().nullable(),
      hours: z.array(z.object({ at: z.date(), ...activityCounts })),
    }),
  ),
});

export type EndpointActivity = z.output<typeof endpointActivityOut>;

const TEST_DATA_MAX_CHARS = 64 * 1024;

/**
 * A test send's event (POST /endpoints/{id}/test): both parts may be left out, for the
 * `switchyard.test` type and an example payload; what is sent is kept for the next one.
 */
export const testEventInput = z.object({
  type: eventTypeName.optional(),
  data: z
    .record(z.string(), z.unknown())
    .refine((data) => JSON.stringify(data).length <= TEST_DATA_MAX_CHARS, {
      message: `at most ${TEST_DATA_MAX_CHARS / 1024} KiB of JSON`,
    })
    .optional(),
});

export type TestEventInput = z.input<typeof testEventInput>;

export const testEventOut = z.object({
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** True when this is the last test sent to the endpoint; false for the example. */
  kept: z.boolean(),
});

export const recentDeliveriesInput = z.object({
  id: z.string(),
  limit: z.number().int().min(1).max(50).default(10),
});

export const recentDeliveryOut = deliveryOut.extend({
  eventType: z.string(),
  lastAttempt: attemptOut
    .pick({
      attemptNumber: true,
      trigger: true,
      responseStatus: true,
      error: true,
      errorKind: true,
      durationMs: true,
      startedAt: true,
    })
    .nullable(),
});
