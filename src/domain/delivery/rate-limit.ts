import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { sqlPool } from "@/domain/db";
import { parseDuration } from "@/lib/durations";

/** An endpoint's rate limit: at most `limit` attempts per `period` ("1s", "1m"). */
export interface EndpointRateLimit {
  limit: number;
  period: string;
}

// One limiter per pool and setting; the counters live in PostgreSQL (endpoint_rate_windows),
// so every process delivering to an endpoint shares them.
const limiters = new WeakMap<pg.Pool, Map<string, RateLimiterPostgres>>();

/**
 * Takes a slot in the endpoint's rate limit for one attempt: 0 when it may go now, otherwise
 * how many milliseconds to wait before asking again. No limit, no wait.
 */
export async function waitForDeliverySlot(
  endpointId: string,
  rule: EndpointRateLimit | null,
): Promise<number> {
  if (!rule) return 0;
  try {
    await limiterFor(rule).consume(endpointId);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(rejection.msBeforeNext, 1);
    throw rejection;
  }
}

function limiterFor(rule: EndpointRateLimit): RateLimiterPostgres {
  const pool = sqlPool();
  const byRule = limiters.get(pool) ?? new Map<string, RateLimiterPostgres>();
  limiters.set(pool, byRule);
  const key = `${rule.limit}/${rule.period}`;
  let limiter = byRule.get(key);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "endpoint_rate_windows",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: `endpoint:${key}`,
      points: rule.limit,
      // The library counts in whole seconds.
      duration: Math.max(1, Math.round(parseDuration(rule.period) / 1000)),
    });
    byRule.set(key, limiter);
  }
  return limiter;
}
