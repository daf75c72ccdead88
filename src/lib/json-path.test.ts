import { describe, expect, it } from "vitest";
import { getPath, jsonDepth } from "./json-path";

describe("getPath", () => {
  it("walks objects and arrays", () => {
    const value = { message: { call: { id: "c1" } }, items: [{ sku: "A" }] };
    expect(getPath(value, "message.call.id")).toBe("c1");
    expect(getPath(value, "items.0.sku")).toBe("A");
    expect(getPath(value, "message.nope.id")).toBeUndefined();
    expect(getPath("scalar", "a")).toBeUndefined();
  });
});

describe("jsonDepth", () => {
  it("counts nesting and stops at the limit", () => {
    expect(jsonDepth(1, 10)).toBe(0);
    expect(jsonDepth({ a: [1, { b: 2 }] }, 10)).toBe(3);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(jsonDepth(deep, 64)).toBeGreaterThan(64);
  });
});
