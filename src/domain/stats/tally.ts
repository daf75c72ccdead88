import { addHistograms, HISTOGRAM_BUCKETS, percentileMs } from "./histogram";
import type { EndpointTally } from "./rollup-queries";

export type Tally = Omit<EndpointTally, "tenantId" | "endpointId">;

const empty: Tally = {
  succeeded: 0,
  failed: 0,
  attempts: 0,
  attemptsFailed: 0,
  latency: Array(HISTOGRAM_BUCKETS).fill(0),
};

/** Endpoints' counters added up (a tenant's, or everything shown). */
export function sumTallies(tallies: readonly Tally[]): Tally {
  return tallies.reduce(
    (sum, tally) => ({
      succeeded: sum.succeeded + tally.succeeded,
      failed: sum.failed + tally.failed,
      attempts: sum.attempts + tally.attempts,
      attemptsFailed: sum.attemptsFailed + tally.attemptsFailed,
      latency: addHistograms(sum.latency, tally.latency),
    }),
    empty,
  );
}

/** succeeded / (succeeded + failed), to 4 decimals; null while nothing has ended. */
export function successRate({ succeeded, failed }: { succeeded: number; failed: number }) {
  const ended = succeeded + failed;
  return ended === 0 ? null : Math.round((succeeded / ended) * 10_000) / 10_000;
}

export function latencyOf(tally: Tally) {
  return { p50: percentileMs(tally.latency, 0.5), p95: percentileMs(tally.latency, 0.95) };
}
