import { parseDuration, parseDurationList } from "@/lib/durations";

export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,10h";
export const DEFAULT_DELIVERY_TIMEOUT = "15s";
export const DEFAULT_AUTO_DISABLE_AFTER = "5d";

/** PRODUCT.md's delivery settings, read from the environment where every process sees them. */
export function deliverySettings() {
  return {
    /** Delays between attempts after the first. */
    retrySchedule: parseDurationList(process.env.DELIVERY_RETRY_SCHEDULE || DEFAULT_RETRY_SCHEDULE),
    timeoutMs: parseDuration(process.env.DELIVERY_TIMEOUT || DEFAULT_DELIVERY_TIMEOUT),
    allowPrivate: ["true", "1"].includes(process.env.ALLOW_PRIVATE_ENDPOINTS ?? ""),
    /** An endpoint failing without a single success for this long is disabled. */
    autoDisableAfterMs: parseDuration(
      process.env.ENDPOINT_AUTO_DISABLE_AFTER || DEFAULT_AUTO_DISABLE_AFTER,
    ),
  };
}
