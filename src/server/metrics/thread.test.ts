import { describe, expect, it } from "vitest";
import { attemptsRecorded } from "@/domain/delivery/attempt-listeners";
import { seriesValue } from "../../../tests/support/metrics";
import { scrape } from "./scrape";
import { threadRegistry } from "./thread";

const noRunnerThread = { mode: "inngest" as const, alive: () => false };

describe("delivery attempt metrics", () => {
  it("count stored attempts by outcome and status class, and sum them across threads", async () => {
    const endpoint_id = "ep_unit_metrics";
    attemptsRecorded([
      { endpointId: endpoint_id, status: "pending", responseStatus: 503, durationMs: 1_500 },
      { endpointId: endpoint_id, status: "failed", durationMs: 10_000 },
      { endpointId: endpoint_id, status: "succeeded", responseStatus: 204, durationMs: 20 },
    ]);
    const here = await (await scrape(noRunnerThread)).metrics();
    const attempts = (text: string, outcome: string, status_class: string) =>
      seriesValue(text, "switchyard_delivery_attempts_total", {
        endpoint_id,
        outcome,
        status_class,
      });
    expect(attempts(here, "retrying", "5xx")).toBe(1);
    expect(attempts(here, "failed", "none")).toBe(1);
    expect(attempts(here, "succeeded", "2xx")).toBe(1);
    const seconds = (text: string, suffix: string, labels: Record<string, string> = {}) =>
      seriesValue(text, `switchyard_delivery_attempt_duration_seconds_${suffix}`, {
        endpoint_id,
        ...labels,
      });
    expect(seconds(here, "count")).toBe(3);
    expect(seconds(here, "sum")).toBeCloseTo(11.52);
    expect(seconds(here, "bucket", { le: "0.05" })).toBe(1);

    // A runner thread that measured the same: every series doubles, buckets included.
    const threadCopy = await threadRegistry.getMetricsAsJSON();
    const both = await (
      await scrape({ ...noRunnerThread, metrics: async () => threadCopy })
    ).metrics();
    expect(attempts(both, "retrying", "5xx")).toBe(2);
    expect(seconds(both, "count")).toBe(6);
    expect(seconds(both, "sum")).toBeCloseTo(23.04);
    expect(seconds(both, "bucket", { le: "2.5" })).toBe(4);
  });
});
