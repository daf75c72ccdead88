import { parseDuration } from "@/lib/durations";
import { type TrackingRule, trackingRule } from "./tracking-rule";

/** The silence, in ms, after which a subject of this source is polled; null: never polled. */
export function pollAfterMs(tracking: unknown): number | null {
  const rule = parseTracking(tracking);
  return rule?.poll ? parseDuration(rule.poll.after) : null;
}

export function parseTracking(tracking: unknown): TrackingRule | null {
  if (tracking === null || tracking === undefined) return null;
  return trackingRule.parse(tracking);
}

/** After a failed poll: `every`, doubled per failure in a row, at most an hour (or `every`). */
export function pollBackoffMs(everyMs: number, failures: number): number {
  return Math.min(everyMs * 2 ** Math.min(failures, 20), Math.max(everyMs, 3_600_000));
}
