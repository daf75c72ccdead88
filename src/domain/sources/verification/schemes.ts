import { z } from "zod";

const headerName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9-]+$/, "a header name")
  .overwrite((name) => name.toLowerCase());

/** How a source checks that a request comes from its provider (PRODUCT.md), without the secret. */
export const verificationScheme = z.discriminatedUnion("scheme", [
  z.object({ scheme: z.literal("none") }),
  z.object({ scheme: z.literal("shared_secret"), header: headerName.default("x-webhook-token") }),
  z.object({ scheme: z.literal("bearer") }),
  z.object({
    scheme: z.literal("hmac_sha256"),
    header: headerName.default("x-signature"),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    prefix: z.string().max(20).default(""),
  }),
  z.object({ scheme: z.literal("standard_webhooks") }),
  z.object({ scheme: z.literal("stripe") }),
  /** Slack: `x-slack-signature: v0=<hex HMAC of "v0:{timestamp}:{body}">`. */
  z.object({ scheme: z.literal("slack") }),
]);

export type VerificationScheme = z.infer<typeof verificationScheme>;

/** A Standard Webhooks secret: base64 (padded), as providers show it, with or without whsec_. */
export function isStandardWebhooksSecret(secret: string): boolean {
  const key = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/.test(
    key,
  );
}

/** Replays older than this are refused by the timestamped schemes. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
