import { describe, expect, it } from "vitest";
import { readOnlyUrl, withDatabase } from "./database-url";

describe("database URLs", () => {
  it("swaps the database and keeps credentials, host and parameters", () => {
    expect(withDatabase("postgresql://u:p%40ss@db:5433/app?sslmode=require", "shadow_1")).toBe(
      "postgresql://u:p%40ss@db:5433/shadow_1?sslmode=require",
    );
  });

  it("handles socket URLs with an empty host", () => {
    const url = "postgresql://u@/app?host=/var/run/postgresql";
    expect(withDatabase(url, "other")).toBe("postgresql://u@/other?host=/var/run/postgresql");
  });

  it("adds read-only sessions to any options already there", () => {
    const url = readOnlyUrl("postgres://h/x?options=-c%20search_path%3Dfoo");
    expect(new URL(url).searchParams.get("options")).toBe(
      "-c search_path=foo -c default_transaction_read_only=on",
    );
  });
});
