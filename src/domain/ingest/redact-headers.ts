import type { Source } from "@/domain/sources/sources";

// Credentials are never stored; signatures are (re-verification needs them, and they
// prove nothing without the body and secret).
const alwaysSecret = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

export function redactHeaders(
  headers: Record<string, string | undefined>,
  source: Pick<Source, "verification">,
) {
  const secretHeader =
    source.verification.scheme === "shared_secret" ? source.verification.header : null;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = alwaysSecret.has(name) || name === secretHeader ? "[redacted]" : value;
  }
  return out;
}
