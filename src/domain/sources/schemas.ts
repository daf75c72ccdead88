import { z } from "zod";
import { headerName, jsonPath } from "@/domain/schemas";
import { trackingRule } from "@/domain/subjects/tracking-rule";
import { slugSchema } from "@/domain/tenants/schemas";
import { parseDuration } from "@/lib/durations";
import { patchSchema } from "@/lib/zod-patch";
import { type VerificationPreset, verificationPresets } from "./verification/presets";
import { isStandardWebhooksSecret, verificationScheme } from "./verification/schemes";

export const secretInput = z.string().min(1).max(500);
const secret = secretInput;

/** A provider preset (its secret is the provider's, so it must be given). */
const presetInput = z
  .object({
    preset: z.enum(
      Object.keys(verificationPresets) as [VerificationPreset, ...VerificationPreset[]],
    ),
  })
  .extend({ secret })
  .transform(({ preset, secret }) => ({
    ...verificationScheme.parse(verificationPresets[preset]),
    secret,
  }));

/** Checked on create and on change: a Standard Webhooks secret that is not base64 never verifies. */
function standardWebhooksSecretIsBase64(v: { scheme: string; secret?: string }): boolean {
  return (
    v.scheme !== "standard_webhooks" || v.secret === undefined || isStandardWebhooksSecret(v.secret)
  );
}
const standardWebhooksSecretMessage = {
  message: "a Standard Webhooks secret is base64, optionally after whsec_",
  path: ["secret"],
};

/** Stripe and Slack issue the signing secret themselves: Switchyard cannot make one up. */
export const PROVIDER_ISSUED = ["stripe", "slack"];

/**
 * The scheme as PRODUCT.md spells it, or a provider preset; the secret travels beside it.
 * A changed verification replaces the old one whole, so it carries its secret.
 */
export const verificationInput = z
  .union([
    presetInput,
    verificationScheme
      .and(z.object({ secret: secret.optional() }))
      .refine((v) => v.scheme === "none" || v.secret !== undefined, {
        message: "a secret is required for every scheme but none",
        path: ["secret"],
      }),
  ])
  .refine(standardWebhooksSecretIsBase64, standardWebhooksSecretMessage);

/** On creation a secret may be left out: one is generated and returned once (not for `none`). */
export const newVerificationInput = z
  .union([
    presetInput,
    verificationScheme
      .and(z.object({ secret: secret.optional() }))
      .refine((v) => v.secret !== undefined || !PROVIDER_ISSUED.includes(v.scheme), {
        message: "this provider issues the secret: copy it from its dashboard",
        path: ["secret"],
      }),
  ])
  .refine(standardWebhooksSecretIsBase64, standardWebhooksSecretMessage);

export const idempotencyRule = z.discriminatedUnion("from", [
  z.strictObject({ from: z.literal("body") }),
  z.strictObject({ from: z.literal("header"), header: headerName }),
  z.strictObject({ from: z.literal("paths"), paths: z.array(jsonPath).min(1).max(10) }),
]);

export const eventTypeRule = z.union([
  z.object({ fixed: z.string().min(1).max(200) }),
  z.object({ from: z.literal("path"), path: jsonPath }),
  z.object({ from: z.literal("header"), header: headerName }),
]);

export const subjectRule = z.discriminatedUnion("from", [
  z.strictObject({ from: z.literal("path"), path: jsonPath }),
  z.strictObject({ from: z.literal("header"), header: headerName }),
  /** /api/webhooks/{slug}/{subject} */
  z.strictObject({ from: z.literal("url") }),
]);

export const rateLimitRule = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000),
  /** "1s", "1m", "1h" */
  period: z
    .string()
    .default("1s")
    .refine((p) => safeDuration(p) > 0, "a duration such as 1s, 1m, 1h"),
});

export const enrichmentRule = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

const sourceFields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  idempotency: idempotencyRule.default({ from: "body" }),
  eventType: eventTypeRule.default({ fixed: "webhook.received" }),
  subject: subjectRule.nullable().default(null),
  required: z.array(jsonPath).max(50).default([]),
  timestamps: z.array(jsonPath).max(50).default([]),
  batch: z.boolean().default(false),
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024),
  maxBatchItems: z.number().int().min(1).max(10_000).default(1000),
  rateLimit: rateLimitRule.nullable().default(null),
  enrichment: enrichmentRule.nullable().default(null),
  tracking: trackingRule.nullable().default(null),
};

// Strict (as PATCH is): a misspelt field is refused by name, not dropped without a word.
export const createSourceInput = z.strictObject({
  tenantId: z.string().min(1),
  slug: slugSchema,
  /** Left out: a shared secret (header x-webhook-token) is generated; `none` must be chosen. */
  verification: newVerificationInput.optional(),
  ...sourceFields,
});

/** Every field optional; a new verification (scheme or secret) replaces the old one whole. */
export const updateSourceInput = patchSchema({ verification: verificationInput, ...sourceFields });

export type CreateSourceInput = z.input<typeof createSourceInput>;
export type UpdateSourceInput = z.input<typeof updateSourceInput>;

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}

export const sourceOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  slug: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** Where the provider posts: https://<host>/api/webhooks/<slug>[/<subject>]. */
  ingestUrl: z.string(),
  verification: verificationScheme.and(z.object({ hasSecret: z.boolean() })),
  idempotency: idempotencyRule,
  eventType: eventTypeRule,
  subject: subjectRule.nullable(),
  required: z.array(z.string()),
  timestamps: z.array(z.string()),
  batch: z.boolean(),
  maxBodyBytes: z.number(),
  maxBatchItems: z.number(),
  rateLimit: rateLimitRule.nullable(),
  enrichment: enrichmentRule.nullable(),
  tracking: trackingRule.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const sourceActivityInput = z.object({
  tenantId: z.string().optional(),
  sourceId: z.string().optional(),
});

/** How busy a source is: what the Sources list shows beside each one. */
export const sourceActivityOut = z.object({
  sourceId: z.string(),
  eventsLast24h: z.number(),
  lastEventAt: z.date().nullable(),
});

/** The answer to `Send a sample`: the event the sample made (a repeat would be a duplicate). */
export const sampleSentOut = z.object({
  eventId: z.string(),
  status: z.enum(["accepted", "duplicate"]),
});
