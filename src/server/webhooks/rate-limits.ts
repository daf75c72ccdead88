import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import { parseDuration } from "@/lib/durations";

// Per process, in memory: works on the embedded default with no Redis. With several
// instances behind a load balancer each enforces the limit on its own share of traffic.
const limiters = new Map<string, { key: string; limiter: RateLimiterMemory }>();

/** Null when the request may go on; otherwise the seconds to wait (Retry-After). */
export async function consumeRateLimit(
  sourceId: string,
  rule: { limit: number; period: string } | null,
): Promise<number | null> {
  if (!rule) return null;
  const key = `${rule.limit}/${rule.period}`;
  let entry = limiters.get(sourceId);
  if (!entry || entry.key !== key) {
    const duration = Math.max(1, Math.round(parseDuration(rule.period) / 1000));
    entry = { key, limiter: new RateLimiterMemory({ points: rule.limit, duration }) };
    limiters.set(sourceId, entry);
  }
  try {
    await entry.limiter.consume(sourceId);
    return null;
  } catch (rejection) {
    return Math.max(1, Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000));
  }
}
