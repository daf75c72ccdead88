import { describe, expect, it } from "vitest";
import { matchesEventType, matchesFilter } from "./matching";

describe("matchesEventType", () => {
  it("matches exact types, prefixes and everything", () => {
    expect(matchesEventType(["claim.opened"], "claim.opened")).toBe(true);
    expect(matchesEventType(["claim.opened"], "claim.settled")).toBe(false);
    expect(matchesEventType(["claim.*"], "claim.settled")).toBe(true);
    expect(matchesEventType(["claim.*"], "claims.settled")).toBe(false);
    expect(matchesEventType(["claim.*"], "claim")).toBe(false);
    expect(matchesEventType(["*"], "policy.bound")).toBe(true);
    expect(matchesEventType(["policy.bound", "claim.*"], "claim.opened")).toBe(true);
  });
});

describe("matchesFilter", () => {
  it("requires every path to equal its value", () => {
    const payload = { region: "eu", claim: { amount: 100, open: true } };
    expect(matchesFilter(null, payload)).toBe(true);
    expect(matchesFilter({ region: "eu" }, payload)).toBe(true);
    expect(matchesFilter({ region: "eu", "claim.open": true }, payload)).toBe(true);
    expect(matchesFilter({ region: "us" }, payload)).toBe(false);
    expect(matchesFilter({ "claim.amount": "100" }, payload)).toBe(false);
    expect(matchesFilter({ missing: null }, payload)).toBe(false);
  });
});
