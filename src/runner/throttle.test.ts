import { describe, expect, it } from "vitest";
import { decide, pacing } from "./throttle";

/**
 * When each of `count` runs, all queued at 0, starts: every refused run comes back exactly when
 * it was told to, as a claim does.
 */
function startTimes(rule: { limit: number; periodMs: number; burst: number }, count: number) {
  const rate = pacing(rule);
  let tat: number | null = null;
  let now = 0;
  const starts: number[] = [];
  while (starts.length < count) {
    const verdict = decide(tat, now, rate);
    if (verdict.start) {
      tat = verdict.tat;
      starts.push(now);
    } else now += verdict.waitMs;
  }
  return starts;
}

describe("throttle (GCRA)", () => {
  it("starts `limit` runs at once, then one every period / limit", () => {
    expect(startTimes({ limit: 2, periodMs: 2_000, burst: 0 }, 6)).toEqual([
      0, 0, 1_000, 2_000, 3_000, 4_000,
    ]);
    expect(startTimes({ limit: 1, periodMs: 5_000, burst: 0 }, 3)).toEqual([0, 5_000, 10_000]);
  });

  it("lets `burst` more runs start at once", () => {
    expect(startTimes({ limit: 1, periodMs: 1_000, burst: 2 }, 5)).toEqual([0, 0, 0, 1_000, 2_000]);
    // Inngest's documented example: limit 2 per 6 s, burst 1: three at once, then every 3 s.
    expect(startTimes({ limit: 2, periodMs: 6_000, burst: 1 }, 5)).toEqual([0, 0, 0, 3_000, 6_000]);
  });

  it("refuses the run after limit + burst until one interval has passed, booking no refusal", () => {
    const rate = pacing({ limit: 3, periodMs: 3_000, burst: 1 });
    let tat: number | null = null;
    for (let i = 0; i < 4; i++) {
      const verdict = decide(tat, 0, rate);
      if (!verdict.start) throw new Error(`run ${i} refused`);
      tat = verdict.tat;
    }
    const refused = decide(tat, 500, rate);
    expect(refused).toEqual({ start: false, waitMs: 500 });
    // Asking again changes nothing: the refusal did not move the tat.
    expect(decide(tat, 500, rate)).toEqual(refused);
    expect(decide(tat, 1_000, rate)).toEqual({ start: true, tat: 5_000 });
  });

  it("gives an idle key its whole burst back, and no more", () => {
    const rate = pacing({ limit: 2, periodMs: 2_000, burst: 1 });
    // Long idle: the stale tat counts as now.
    expect(decide(1_000, 60_000, rate)).toEqual({ start: true, tat: 61_000 });
    // Half idle: after 1 s, one slot of the three is free again.
    let tat = 3_000; // three started at 0
    const one = decide(tat, 1_000, rate);
    expect(one.start).toBe(true);
    if (one.start) tat = one.tat;
    expect(decide(tat, 1_000, rate)).toEqual({ start: false, waitMs: 1_000 });
  });
});
