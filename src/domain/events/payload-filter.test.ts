import { describe, expect, it } from "vitest";
import { containmentDocuments } from "./payload-filter";

const documents = (path: string, value: string) =>
  containmentDocuments(path, value).map((text) => JSON.parse(text));

describe("containmentDocuments", () => {
  it("nests the value under each key of a dotted path", () => {
    expect(documents("message.call.id", "abc")).toEqual([{ message: { call: { id: "abc" } } }]);
  });

  it("reads a number, a boolean or null both as text and as itself", () => {
    expect(documents("lead_id", "42")).toEqual([{ lead_id: "42" }, { lead_id: 42 }]);
    expect(documents("paid", "true")).toEqual([{ paid: "true" }, { paid: true }]);
    expect(documents("error", "null")).toEqual([{ error: "null" }, { error: null }]);
  });

  it("takes a quoted value as the string inside the quotes too", () => {
    expect(documents("id", '"42"')).toEqual([{ id: '"42"' }, { id: "42" }]);
  });

  it("takes a JSON object or array as a part the payload must contain", () => {
    expect(documents("tags", '["vip"]')).toEqual([{ tags: '["vip"]' }, { tags: ["vip"] }]);
  });
});
