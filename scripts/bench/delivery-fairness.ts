// bench:delivery's fairness phase: a backlog for a slow endpoint must not hold up a fast one.
// Queues the slow endpoint's events (in batches) and waits until they are processed, i.e. their
// deliveries are queued; then sends the fast endpoint a few at a steady pace and times them.
// The slow backlog itself is never waited for.
import pg from "pg";
import { BATCH_SOURCE, EVENT_TYPES, SOURCE } from "./delivery-setup";
import {
  expectedDeliveries,
  figures,
  newPhase,
  type PhaseFigures,
  waitForDeliveries,
} from "./delivery-tally";
import { postEvents, sendAsFastAsAccepted, sendAtRate } from "./send-events";

const SLOW_BATCH = 100;
const SLOW_CONNECTIONS = 4;
const FAST_EVENTS = 20;
const FAST_EVERY_MS = 250;

export interface FairnessResult {
  slowAccepted: number;
  slowRejected: number;
  /** From the first slow batch sent to the last one answered. */
  slowAcceptSeconds: number;
  fastEvents: number;
  fast: PhaseFigures;
  /** The slow endpoint's deliveries so far (it is stopped long before its backlog ends). */
  slow: PhaseFigures;
  /** Slow deliveries received from the first fast event sent to the last fast delivery. */
  slowDuringFast: number;
  /** The same window, in seconds. */
  windowSeconds: number;
}

export async function measureFairness(
  webhooksUrl: string,
  slowEvents: number,
  timeoutMs: number,
): Promise<FairnessResult> {
  const slow = newPhase("slow", 1);
  const batches = Math.ceil(slowEvents / SLOW_BATCH);
  await sendAsFastAsAccepted(batches, SLOW_CONNECTIONS, (b) => {
    const ids = Array.from(
      { length: Math.min(SLOW_BATCH, slowEvents - b * SLOW_BATCH) },
      (_, i) => b * SLOW_BATCH + i,
    );
    return postEvents(`${webhooksUrl}/${BATCH_SOURCE}`, slow, EVENT_TYPES.slow, ids);
  });
  const slowAcceptSeconds = (Date.now() - slow.start) / 1000;
  await waitUntilProcessed(EVENT_TYPES.slow, slow.sentAt.size - slow.rejected, timeoutMs);

  const fast = newPhase("fast", 1);
  await sendAtRate(FAST_EVENTS, 1000 / FAST_EVERY_MS, (i) =>
    postEvents(`${webhooksUrl}/${SOURCE}`, fast, EVENT_TYPES.fast, [i]),
  );
  await waitForDeliveries(fast, timeoutMs);
  const allCame = fast.received.size >= expectedDeliveries(fast);
  const windowEnd = allCame ? fast.lastDeliveryAt : Date.now();
  return {
    slowAccepted: slow.sentAt.size - slow.rejected,
    slowRejected: slow.rejected,
    slowAcceptSeconds,
    fastEvents: FAST_EVENTS,
    fast: figures(fast),
    slow: figures(slow),
    slowDuringFast: slow.arrivals.filter((at) => at >= fast.start && at <= windowEnd).length,
    windowSeconds: (windowEnd - fast.start) / 1000,
  };
}

/** Until `count` events of `type` are completed: their deliveries are then all queued. */
async function waitUntilProcessed(type: string, count: number, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Event" WHERE type = $1 AND status = 'completed'`,
        [type],
      );
      if ((rows[0]?.n ?? 0) >= count || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}
