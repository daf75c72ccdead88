import { describe, expect, it } from "vitest";
import { readEnv, runnerMode } from "./env";

describe("readEnv", () => {
  it("applies PRODUCT.md's defaults", () => {
    const env = readEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DELIVERY_TIMEOUT).toBe(15_000);
    expect(env.DELIVERY_RETRY_SCHEDULE).toHaveLength(7);
    expect(env.ALLOW_PRIVATE_ENDPOINTS).toBe(false);
    expect(runnerMode(env)).toBe("embedded");
  });

  it("switches to Inngest when its keys are set", () => {
    expect(runnerMode(readEnv({ INNGEST_EVENT_KEY: "key" }))).toBe("inngest");
  });

  it("lists every bad setting at once", () => {
    expect(() =>
      readEnv({ PORT: "nope", DATABASE_URL: "mysql://x", DELIVERY_TIMEOUT: "soon" }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*DELIVERY_TIMEOUT/);
  });
});
