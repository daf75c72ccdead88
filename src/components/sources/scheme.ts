import type { VerificationScheme } from "@/domain/sources/verification/schemes";

/** Each verification scheme as the console names it. */
export const schemeLabels: Record<VerificationScheme["scheme"], string> = {
  none: "None",
  shared_secret: "Shared secret",
  bearer: "Bearer token",
  hmac_sha256: "HMAC-SHA256",
  standard_webhooks: "Standard Webhooks",
  stripe: "Stripe",
  slack: "Slack",
};
