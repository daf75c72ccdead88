import { describe, expect, it } from "vitest";
import { parseDuration, parseDurationList } from "./durations";

describe("parseDuration", () => {
  it("reads every unit", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("5s")).toBe(5_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(parseDuration("15")).toBe(15_000);
  });

  it("refuses nonsense with the value in the message", () => {
    expect(() => parseDuration("soon")).toThrow(/"soon"/);
    expect(() => parseDuration("-5s")).toThrow();
  });
});

describe("parseDurationList", () => {
  it("reads the default retry schedule", () => {
    expect(parseDurationList("5s,5m,30m,2h,5h,10h,10h")).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });
});
