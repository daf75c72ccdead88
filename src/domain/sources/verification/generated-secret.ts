import { randomBytes } from "node:crypto";
import type { VerificationScheme } from "./schemes";

/** A source created without a verification checks a generated shared secret: never open by default. */
export const DEFAULT_VERIFICATION: VerificationScheme = {
  scheme: "shared_secret",
  header: "x-webhook-token",
};

/** A fresh secret in the form the scheme expects (Standard Webhooks: `whsec_` + base64). */
export function generateSourceSecret(scheme: VerificationScheme["scheme"]): string {
  const key = randomBytes(32);
  return scheme === "standard_webhooks"
    ? `whsec_${key.toString("base64")}`
    : key.toString("base64url");
}
