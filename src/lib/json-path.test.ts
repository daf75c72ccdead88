import { describe, expect, it } from "vitest";
import { getPath } from "./json-path";

describe("getPath", () => {
  it("walks objects and arrays", () => {
    const value = { message: { call: { id: "c1" } }, items: [{ sku: "A" }] };
    expect(getPath(value, "message.call.id")).toBe("c1");
    expect(getPath(value, "items.0.sku")).toBe("A");
    expect(getPath(value, "message.nope.id")).toBeUndefined();
    expect(getPath("scalar", "a")).toBeUndefined();
  });
});
