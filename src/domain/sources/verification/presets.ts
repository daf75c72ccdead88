import type { VerificationScheme } from "./schemes";

/** Providers' conventions, so a source can say `preset: "github"` instead of spelling them out. */
export const verificationPresets = {
  github: {
    scheme: "hmac_sha256",
    header: "x-hub-signature-256",
    encoding: "hex",
    prefix: "sha256=",
  },
  shopify: {
    scheme: "hmac_sha256",
    header: "x-shopify-hmac-sha256",
    encoding: "base64",
    prefix: "",
  },
  stripe: { scheme: "stripe" },
  svix: { scheme: "standard_webhooks" },
  standard_webhooks: { scheme: "standard_webhooks" },
  slack: { scheme: "slack" },
} as const satisfies Record<string, VerificationScheme>;

export type VerificationPreset = keyof typeof verificationPresets;
