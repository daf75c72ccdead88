import { describe, expect, it } from "vitest";
import { bucketOf, bucketUpperMs, HISTOGRAM_BUCKETS, percentileMs } from "./histogram";

const histogramOf = (latencies: number[]) => {
  const counts = Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const ms of latencies) counts[bucketOf(ms)] = (counts[bucketOf(ms)] ?? 0) + 1;
  return counts;
};

describe("latency histogram", () => {
  it("puts a latency in the bucket whose bounds hold it", () => {
    for (const ms of [1.5, 2, 3, 10, 99, 1000, 1001, 86_400_000 / 8]) {
      const i = bucketOf(ms);
      expect(ms).toBeLessThanOrEqual(bucketUpperMs(i));
      expect(ms).toBeGreaterThan(bucketUpperMs(i - 1));
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(10 ** 12)).toBe(HISTOGRAM_BUCKETS - 1);
  });

  it("reads percentiles within a bucket's resolution (19%)", () => {
    const latencies = Array.from({ length: 1000 }, (_, i) => 50 + i * 3); // 50 ms to 3047 ms
    const histogram = histogramOf(latencies);
    const exact = (q: number) => latencies[Math.ceil(q * latencies.length) - 1] ?? 0;
    for (const q of [0.5, 0.95, 0.99]) {
      const estimate = percentileMs(histogram, q) ?? 0;
      expect(Math.abs(estimate - exact(q)) / exact(q)).toBeLessThan(0.19);
    }
  });

  it("has no percentile without a latency", () => {
    expect(percentileMs(Array(HISTOGRAM_BUCKETS).fill(0), 0.5)).toBeNull();
  });
});
