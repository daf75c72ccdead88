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
    expect(env.RUNNER_RETENTION).toBe(7 * 86_400_000);
    expect(runnerMode(env)).toBe("embedded");
  });

  it("switches to Inngest when its keys are set", () => {
    const keys = { INNGEST_EVENT_KEY: "event-key", INNGEST_SIGNING_KEY: "signkey-prod-1" };
    expect(runnerMode(readEnv(keys))).toBe("inngest");
  });

  it("refuses one Inngest key without the other, naming the missing one", () => {
    expect(() => readEnv({ INNGEST_EVENT_KEY: "event-key" })).toThrow(
      /INNGEST_SIGNING_KEY: missing/,
    );
    expect(() => readEnv({ INNGEST_SIGNING_KEY: "signkey-prod-1" })).toThrow(
      /INNGEST_EVENT_KEY: missing/,
    );
    // An empty value is unset, as for every other setting.
    expect(runnerMode(readEnv({ INNGEST_EVENT_KEY: "", INNGEST_SIGNING_KEY: "" }))).toBe(
      "embedded",
    );
  });

  it("runs on the Inngest Dev Server with INNGEST_DEV, keys or not", () => {
    expect(runnerMode(readEnv({ INNGEST_DEV: "1" }))).toBe("inngest");
    expect(runnerMode(readEnv({ INNGEST_DEV: "true" }))).toBe("inngest");
    expect(runnerMode(readEnv({ INNGEST_DEV: "http://127.0.0.1:8288" }))).toBe("inngest");
    expect(runnerMode(readEnv({ INNGEST_DEV: "0" }))).toBe("embedded");
    expect(runnerMode(readEnv({ INNGEST_DEV: "false" }))).toBe("embedded");
    expect(() => readEnv({ INNGEST_DEV: "yes" })).toThrow(/INNGEST_DEV/);
  });

  it("reads RUNNER_RETENTION as a duration", () => {
    expect(readEnv({ RUNNER_RETENTION: "30d" }).RUNNER_RETENTION).toBe(30 * 86_400_000);
    expect(readEnv({ RUNNER_RETENTION: "36h" }).RUNNER_RETENTION).toBe(36 * 3_600_000);
    expect(() => readEnv({ RUNNER_RETENTION: "a week" })).toThrow(/RUNNER_RETENTION/);
  });

  it("takes a METRICS_TOKEN of 16 characters or more", () => {
    expect(readEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(readEnv({ METRICS_TOKEN: "a".repeat(16) }).METRICS_TOKEN).toBe("a".repeat(16));
    expect(() => readEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: at least 16/);
  });

  it("lists every bad setting at once", () => {
    expect(() =>
      readEnv({
        PORT: "nope",
        DATABASE_URL: "mysql://x",
        DELIVERY_TIMEOUT: "soon",
        INNGEST_EVENT_KEY: "event-key",
      }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*DELIVERY_TIMEOUT[\s\S]*INNGEST_SIGNING_KEY/);
  });
});
