import { describe, expect, it } from "vitest";
import { isoTime } from "./zod-time";

describe("isoTime", () => {
  it("reads ISO-8601 times and dates", () => {
    expect(isoTime.parse("2026-11-23T10:00:00Z").toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(isoTime.parse("2026-11-23").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(isoTime.safeParse("yesterday").success).toBe(false);
  });

  it("refuses times PostgreSQL cannot hold, as invalid input", () => {
    for (const time of ["-100000-01-01T00:00:00Z", "-004714-01-01", "0000-12-31T23:59:59Z"]) {
      expect(isoTime.safeParse(time).success, time).toBe(false);
    }
    expect(isoTime.safeParse("+275760-09-13T00:00:00Z").success).toBe(true);
  });
});
