import { Prisma } from "@/generated/prisma/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import type { RunnerSql } from "./sql";

// A function's `throttle` as Inngest applies it: GCRA (the generic cell rate algorithm) on run
// starts. Each key keeps one time, its tat (theoretical arrival time): when the next run would
// start if runs came exactly one interval (period / limit) apart. A run may start while the tat
// is at most `limit + burst - 1` intervals ahead of now, and each start moves it one interval
// on; so an idle key starts `limit + burst` runs at once, then one run per interval. This is
// Inngest's own arithmetic (inngest/inngest pkg/constraintapi/lua/helper/gcra.lua, given
// `limit + burst - 1` as GCRA's burst by acquire.lua; burst unset is 0) and its documented
// example: limit 2 per 6 s with burst 1 starts three runs at once, then one every 3 s.

export interface ThrottleRule {
  functionId: string;
  key: string;
  limit: number;
  periodMs: number;
  burst: number;
}

/** GCRA's two durations for a rule: the spacing of starts, and how far ahead the tat may be. */
export function pacing(rule: Pick<ThrottleRule, "limit" | "periodMs" | "burst">) {
  const intervalMs = rule.periodMs / rule.limit;
  return { intervalMs, toleranceMs: intervalMs * (rule.limit + rule.burst - 1) };
}

/**
 * GCRA for one run: whether it may start at `now` given the key's tat (null: a key never seen),
 * and then the new tat; otherwise how long until it may. The SQL below is this, on the
 * database's clock.
 */
export function decide(
  tat: number | null,
  now: number,
  { intervalMs, toleranceMs }: ReturnType<typeof pacing>,
): { start: true; tat: number } | { start: false; waitMs: number } {
  const next = Math.max(tat ?? now, now);
  if (next - now <= toleranceMs) return { start: true, tat: next + intervalMs };
  return { start: false, waitMs: next - now - toleranceMs };
}

/**
 * Null when a run under this throttle may start now (its start is then booked: the tat moves
 * on); otherwise how many milliseconds until one may, leaving the tat as it was. Correct with
 * claims racing: the upsert locks the key's row until the transaction ends, deciding or not.
 * Claims take turns (claim.ts), so two claims never wait on each other's keys.
 */
export async function throttleWaitMs(tx: RunnerSql, rule: ThrottleRule): Promise<number | null> {
  const { intervalMs, toleranceMs } = pacing(rule);
  const interval = millisecondsInterval(intervalMs);
  const tolerance = millisecondsInterval(toleranceMs);
  const started = await tx.rows<{ started: boolean }>(Prisma.sql`
    INSERT INTO "JobThrottle" AS t ("functionId", key, tat)
    VALUES (${rule.functionId}, ${rule.key}, now() + ${interval})
    ON CONFLICT ("functionId", key) DO UPDATE SET tat = greatest(t.tat, now()) + ${interval}
    WHERE t.tat <= now() + ${tolerance}
    RETURNING true AS started`);
  if (started.length > 0) return null;
  // Refused: the upsert updated nothing but holds the row, so this reads the tat it refused on.
  const [row] = await tx.rows<{ waitMs: number }>(Prisma.sql`
    SELECT greatest(1, ceil(extract(epoch FROM (tat - now() - ${tolerance})) * 1000))::float8
      AS "waitMs"
    FROM "JobThrottle" WHERE "functionId" = ${rule.functionId} AND key = ${rule.key}`);
  return row?.waitMs ?? intervalMs;
}
