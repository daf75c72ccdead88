import { maskHeaders, openHeaders, sealHeaders } from "@/domain/sealed-headers";
import type { TrackingRule } from "./tracking-rule";

// Poll headers carry the provider's credentials: sealed at rest, never shown again.

/** The rule as stored: each poll header value sealed; a masked one keeps what was stored. */
export function sealPollHeaders(rule: TrackingRule | null, stored: unknown): TrackingRule | null {
  if (!rule?.poll) return rule;
  const before = ((stored as TrackingRule | null)?.poll?.headers ?? {}) as Record<string, string>;
  return { ...rule, poll: { ...rule.poll, headers: sealHeaders(rule.poll.headers, before) } };
}

/** The rule as reads show it: header names, values masked. */
export function maskPollHeaders(rule: TrackingRule | null): TrackingRule | null {
  if (!rule?.poll) return rule;
  return { ...rule, poll: { ...rule.poll, headers: maskHeaders(rule.poll.headers) } };
}

/** The headers a poll sends, opened. */
export const openPollHeaders = openHeaders;
