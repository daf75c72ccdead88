import { describe, expect, it } from "vitest";
import { seriesValue } from "../../../tests/support/metrics";
import { webhookAnswered, webhookRegistry } from "./webhooks";

describe("webhook metrics", () => {
  it("count requests by source and status, and their events by outcome", async () => {
    const tenMsAgo = process.hrtime.bigint() - 10_000_000n;
    const summary = { accepted: 2, duplicates: 1, rejected: 0 };
    webhookAnswered("unit-source", 202, tenMsAgo, summary);
    webhookAnswered("unit-source", 202, tenMsAgo, summary);
    webhookAnswered("unit-source", 401, tenMsAgo);
    const text = await webhookRegistry.metrics();
    const series = (name: string, labels: Record<string, string>) =>
      seriesValue(text, `switchyard_webhook_${name}`, { source: "unit-source", ...labels });
    expect(series("requests_total", { status: "202" })).toBe(2);
    expect(series("requests_total", { status: "401" })).toBe(1);
    expect(series("events_total", { outcome: "accepted" })).toBe(4);
    expect(series("events_total", { outcome: "duplicate" })).toBe(2);
    expect(series("events_total", { outcome: "rejected" })).toBe(0);
    expect(series("request_duration_seconds_count", { status: "202" })).toBe(2);
    expect(series("request_duration_seconds_sum", { status: "202" })).toBeGreaterThanOrEqual(0.02);
    expect(series("request_duration_seconds_bucket", { status: "401", le: "0.005" })).toBe(0);
  });
});
