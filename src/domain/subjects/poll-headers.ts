import { openSecret, sealSecret } from "@/domain/secrets";
import type { TrackingRule } from "./tracking-rule";

/**
 * What reads show in place of a poll header's value. Poll headers carry the provider's
 * credentials (`authorization: Bearer ...`): sealed at rest, never shown again. An update
 * that sends this mask back keeps the stored value.
 */
export const MASKED_HEADER_VALUE = "********";

/** The rule as stored: each poll header value sealed; a masked one keeps what was stored. */
export function sealPollHeaders(rule: TrackingRule | null, stored: unknown): TrackingRule | null {
  if (!rule?.poll) return rule;
  const before = ((stored as TrackingRule | null)?.poll?.headers ?? {}) as Record<string, string>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rule.poll.headers)) {
    const kept = value === MASKED_HEADER_VALUE ? before[name] : undefined;
    if (value === MASKED_HEADER_VALUE && kept === undefined) continue;
    headers[name] = kept ?? sealSecret(value);
  }
  return { ...rule, poll: { ...rule.poll, headers } };
}

/** The rule as reads show it: header names, values masked. */
export function maskPollHeaders(rule: TrackingRule | null): TrackingRule | null {
  if (!rule?.poll) return rule;
  const headers = Object.fromEntries(
    Object.keys(rule.poll.headers).map((name) => [name, MASKED_HEADER_VALUE]),
  );
  return { ...rule, poll: { ...rule.poll, headers } };
}

/** The headers a poll sends, opened. */
export function openPollHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, sealed]) => [name, openSecret(sealed)]),
  );
}
