import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("prefixes ids with their kind and keeps them unique and time-ordered", () => {
    const first = newId("event");
    const second = newId("event");
    expect(first).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(newId("endpoint")).toMatch(/^ep_/);
    expect(second).not.toBe(first);
    expect([second, first].sort()).toEqual([first, second]);
  });
});
