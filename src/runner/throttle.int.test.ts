import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "./runner";
import { createRunnerSql } from "./sql";
import { eventually, sleep, startTestRunner, testClient, testDb } from "./test-app";
import { throttleWaitMs } from "./throttle";

const db = testDb();
const client = testClient(db, "throttle-test");

/** Two runs per 6 s: after the first two, one run every 3 s. */
const paced = { limit: 2, period: "6s", periodMs: 6_000, burst: 0 } as const;
/** Inngest's documented example: three runs at once, then one every 3 s. */
const bursty = { limit: 2, period: "6s", periodMs: 6_000, burst: 1 } as const;

const pacedFn = client.createFunction(
  {
    id: "paced",
    triggers: [{ event: "throttle/paced" }],
    throttle: { limit: paced.limit, period: paced.period, key: "event.data.k" },
  },
  async () => "ok",
);

const burstyFn = client.createFunction(
  {
    id: "bursty",
    triggers: [{ event: "throttle/bursty" }],
    throttle: { limit: bursty.limit, period: bursty.period, burst: bursty.burst },
  },
  async () => "ok",
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(client, [pacedFn, burstyFn]);
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

/** Start times (ms since epoch, by the database's clock) of `count` completed runs, in order. */
async function startsOf(functionId: string, count: number, throttleKey?: string) {
  const runs = await eventually(
    async () => {
      const done = await db.jobRun.findMany({
        where: { functionId, throttleKey, status: "completed" },
        orderBy: { startedAt: "asc" },
      });
      return done.length === count ? done : null;
    },
    30_000,
    `${count} completed runs of ${functionId}`,
  );
  return runs.map((run) => run.startedAt?.getTime() ?? 0);
}

/**
 * How late a start may be on a slow, shared machine (claims under load lag by up to ~2 s).
 * Less than one interval: the old sliding window started the first paced run an interval late.
 */
const LATE_MS = 2_000;

/**
 * The first `atOnce` runs start together; the k-th run after them starts on its slot, k
 * intervals (period / limit) after the first run: never before it (the database's clock
 * decides both; 5 ms covers rounding to ms), and at most LATE_MS after. Slots, not gaps to
 * the previous run: GCRA lets the run after a late one catch up with its own slot.
 */
function expectEvenlySpaced(starts: number[], atOnce: number, intervalMs: number) {
  const [first = 0] = starts;
  for (const [i, start] of starts.entries()) {
    const slot = Math.max(0, i - atOnce + 1) * intervalMs;
    expect(start - first, `run ${i} is never ahead of its slot`).toBeGreaterThanOrEqual(slot - 5);
    expect(start - first, `run ${i} starts on its slot`).toBeLessThanOrEqual(slot + LATE_MS);
  }
}

describe("throttle (GCRA)", () => {
  it("starts throttled runs evenly spaced, each key on its own schedule", async () => {
    const [busy, other] = [randomUUID(), randomUUID()];
    const n = 4;
    await client.send(
      [busy, other].flatMap((k) =>
        Array.from({ length: n }, (_, i) => ({ name: "throttle/paced", data: { k, i } })),
      ),
    );
    const fn = "throttle-test-paced";
    const [busyStarts, otherStarts] = await Promise.all([
      startsOf(fn, n, busy),
      startsOf(fn, n, other),
    ]);
    const interval = paced.periodMs / paced.limit;
    expectEvenlySpaced(busyStarts, paced.limit + paced.burst, interval);
    expectEvenlySpaced(otherStarts, paced.limit + paced.burst, interval);
    // Independent keys: neither waits behind the other's backlog.
    expect(Math.abs((busyStarts[0] ?? 0) - (otherStarts[0] ?? 0))).toBeLessThan(LATE_MS);
  });

  it("lets `burst` more runs start at once, then paces the rest", async () => {
    const n = 4;
    await client.send(
      Array.from({ length: n }, (_, i) => ({ name: "throttle/bursty", data: { i } })),
    );
    const starts = await startsOf("throttle-test-bursty", n);
    expectEvenlySpaced(starts, bursty.limit + bursty.burst, bursty.periodMs / bursty.limit);
  });
});

describe("throttleWaitMs", () => {
  const rule = (limit: number, burst: number) => ({
    functionId: "throttle-sql",
    key: randomUUID(),
    limit,
    periodMs: 60_000,
    burst,
  });

  it("admits limit + burst at once, then says how long until the next slot", async () => {
    const limited = rule(3, 1); // one slot every 20 s, four at once
    const sql = createRunnerSql(process.env.DATABASE_URL ?? "", 1);
    const decide = () => sql.transaction((tx) => throttleWaitMs(tx, limited));
    for (let i = 0; i < 4; i++) expect(await decide(), `run ${i}`).toBeNull();
    const wait = await decide();
    expect(wait).toBeGreaterThan(19_000);
    expect(wait).toBeLessThanOrEqual(20_000);
    // A refusal books nothing: asking again is told the same, not a slot further on.
    expect(await decide()).toBeLessThanOrEqual(wait ?? 0);
    await sql.end();
  });

  it("admits one of two claims racing for a key's last slot", async () => {
    const limited = rule(1, 0);
    const sql = createRunnerSql(process.env.DATABASE_URL ?? "", 1);
    const otherProcess = createRunnerSql(process.env.DATABASE_URL ?? "", 1);
    let decided = () => {};
    const firstDecided = new Promise<void>((resolve) => {
      decided = resolve;
    });
    // The first claim decides, then keeps its transaction open while the second decides.
    const first = sql.transaction(async (tx) => {
      const wait = await throttleWaitMs(tx, limited);
      decided();
      await sleep(300);
      return wait;
    });
    await firstDecided;
    const second = otherProcess.transaction((tx) => throttleWaitMs(tx, limited));
    const [firstWait, secondWait] = await Promise.all([first, second]);
    await sql.end();
    await otherProcess.end();
    expect(firstWait).toBeNull();
    expect(secondWait).toBeGreaterThan(59_000);
  });
});
