import { describe, expect, it } from "vitest";
import { isTooDeep, jsonDepth, MAX_JSON_DEPTH } from "./depth";

describe("jsonDepth", () => {
  it("counts nesting and stops at the limit", () => {
    expect(jsonDepth(1, 10)).toBe(0);
    expect(jsonDepth({ a: [1, { b: 2 }] }, 10)).toBe(3);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(jsonDepth(deep, 64)).toBeGreaterThan(64);
  });
});

describe("isTooDeep", () => {
  it("allows MAX_JSON_DEPTH levels and no more", () => {
    const nest = (levels: number) => JSON.parse(`${"[".repeat(levels)}${"]".repeat(levels)}`);
    expect(isTooDeep(nest(MAX_JSON_DEPTH))).toBe(false);
    expect(isTooDeep(nest(MAX_JSON_DEPTH + 1))).toBe(true);
  });
});
