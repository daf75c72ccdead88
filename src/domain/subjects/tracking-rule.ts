import { z } from "zod";
import { headerName, jsonPath } from "@/domain/schemas";
import { parseDuration } from "@/lib/durations";

/** "5s" to "30d": polls wait seconds in tests and days for slow providers. */
const pollDuration = z.string().refine((text) => {
  const ms = safeDuration(text);
  return ms >= 1_000 && ms <= 30 * 86_400_000;
}, "a duration from 1s to 30d, such as 30s, 5m, 2h, 1d");

const fieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,49}$/, "a field name: letters, digits, _ and -");

/** How a provider's status API is asked about a silent subject, and how its answer reads. */
export const pollRule = z.object({
  /** `{subject}` is replaced by the subject's key, URL-encoded. */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    // Matched, not decoded: decodeURI throws on a stray "%", which then read as a bad request URL.
    .refine((url) => hasSubjectPlaceholder(url), "the URL must contain {subject}"),
  headers: z.record(headerName, z.string().max(2000)).default({}),
  after: pollDuration.default("5m"),
  every: pollDuration.default("1m"),
  status: jsonPath,
  progress: jsonPath.optional(),
  result: jsonPath.optional(),
  error: jsonPath.optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

/** How a source's events move their subject's state (PRODUCT.md, "Tracked subjects"). */
export const trackingRule = z.object({
  status: jsonPath,
  terminal: z.array(z.string().min(1).max(100)).max(50).default([]),
  progress: jsonPath.optional(),
  result: jsonPath.optional(),
  error: jsonPath.optional(),
  fields: z
    .record(fieldName, jsonPath)
    .refine((fields) => Object.keys(fields).length <= 20, "at most 20 fields")
    .default({}),
  poll: pollRule.nullable().optional(),
});

export type TrackingRule = z.output<typeof trackingRule>;
export type PollRule = z.output<typeof pollRule>;

/** `{subject}`, also as a pasted URL carries it percent-encoded (`%7Bsubject%7D`). */
const SUBJECT_PLACEHOLDER = /(?:\{|%7B)subject(?:\}|%7D)/gi;

function hasSubjectPlaceholder(url: string): boolean {
  return new RegExp(SUBJECT_PLACEHOLDER.source, "i").test(url);
}

/** The URL that asks the provider about one subject: its key in place of `{subject}`. */
export function pollUrlFor(url: string, subjectKey: string): string {
  const key = encodeURIComponent(subjectKey);
  return url.replace(SUBJECT_PLACEHOLDER, () => key);
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}
