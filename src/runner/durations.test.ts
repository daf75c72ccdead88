import { describe, expect, it } from "vitest";
import { msUntil } from "./durations";

describe("msUntil", () => {
  it("reads Inngest's compound durations", () => {
    expect(msUntil("2s")).toBe(2_000);
    expect(msUntil("1m30s")).toBe(90_000);
    expect(msUntil("500ms")).toBe(500);
    expect(msUntil("1h")).toBe(3_600_000);
  });

  it("reads ISO times as the time left", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(msUntil("2026-01-01T00:00:05.000Z", now)).toBe(5_000);
    expect(msUntil("2025-12-31T00:00:00Z", now)).toBe(0);
  });

  it("refuses what it cannot read", () => {
    expect(() => msUntil("soon")).toThrow(/"soon"/);
  });
});
