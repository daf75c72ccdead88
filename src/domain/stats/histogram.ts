// Latency histograms as the rollups keep them (SQL: latency_bucket() in the migration
// stats_rollups): 54 fixed log buckets a factor of sqrt(2) apart. Bucket 0 holds up to 1 ms,
// bucket i holds (2^((i-1)/2), 2^(i/2)] ms, the last one everything above 2^26 ms (18.6 h).

export const HISTOGRAM_BUCKETS = 54;

/** The largest latency (ms) bucket `i` holds; the last bucket has no end. */
export function bucketUpperMs(i: number): number {
  return i >= HISTOGRAM_BUCKETS - 1 ? Number.POSITIVE_INFINITY : 2 ** (i / 2);
}

/** Where a latency lands: the same rule as SQL's latency_bucket(). */
export function bucketOf(ms: number): number {
  const i = Math.ceil(2 * Math.log2(Math.max(ms, 1)));
  return Math.min(HISTOGRAM_BUCKETS - 1, Math.max(0, i));
}

/** Histograms added bucket by bucket. */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The latency below which a share `q` (0.5 for p50) of the counted deliveries fall, to the
 * bucket's resolution: the geometric middle of the bucket holding that rank, so within 19%
 * of the truth. Null when nothing was counted.
 */
export function percentileMs(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return estimateMs(i);
  }
  return estimateMs(HISTOGRAM_BUCKETS - 1);
}

function estimateMs(i: number): number {
  if (i === 0) return 1;
  // The open-ended last bucket can only say "at least".
  if (i === HISTOGRAM_BUCKETS - 1) return 2 ** ((i - 1) / 2);
  return Math.round(2 ** ((i - 0.5) / 2));
}
