import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

/** The route module as a process with `env` would load it (the client reads it at import). */
async function routeWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("./route");
}

const introspect = async (route: Awaited<ReturnType<typeof routeWith>>) => {
  const response = await route.GET(new NextRequest("http://localhost:3000/api/inngest"), undefined);
  return { status: response.status, body: await response.json() };
};

afterEach(() => vi.unstubAllEnvs());
const noKeys = { INNGEST_EVENT_KEY: "", INNGEST_SIGNING_KEY: "" };

describe("/api/inngest", () => {
  it("is closed with the embedded runner", async () => {
    const route = await routeWith({ ...noKeys, INNGEST_DEV: "" });
    expect((await introspect(route)).status).toBe(404);
  });

  it("serves the functions to the Inngest Dev Server with INNGEST_DEV, without keys", async () => {
    const route = await routeWith({ ...noKeys, INNGEST_DEV: "1" });
    const { status, body } = await introspect(route);
    expect(status).toBe(200);
    expect(body).toMatchObject({ mode: "dev" });
    expect(body.function_count).toBeGreaterThan(0);
  });

  it("answers only signed calls with both keys (Inngest Cloud or self-hosted)", async () => {
    const keys = { INNGEST_EVENT_KEY: "event-key", INNGEST_SIGNING_KEY: "signkey-prod-00" };
    const route = await routeWith({ ...keys, INNGEST_DEV: "" });
    expect((await introspect(route)).status).toBe(401);
  });
});
