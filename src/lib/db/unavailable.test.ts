import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

describe("isDatabaseUnavailable", () => {
  it.each([
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    new Error("timeout exceeded when trying to connect"),
    new Error("Connection terminated unexpectedly"),
    new Error("Query read timeout"),
    Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    }),
    Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
    Object.assign(new Error("wrapped"), { cause: { kind: "DatabaseNotReachable" } }),
    Object.assign(new Error("prisma"), { code: "P2024" }),
    new Error("outer", {
      cause: new Error("middle", { cause: new Error("Connection terminated") }),
    }),
  ])("is the database unavailable: %s", (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    new Error("duplicate key value violates unique constraint"),
    Object.assign(new Error("syntax error"), { code: "42601" }),
    Object.assign(new Error("unique"), { code: "P2002" }),
    "a string",
    null,
  ])("is a fault of its own: %s", (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
