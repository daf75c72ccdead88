import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusBeforeBodyIsSent } from "../../../tests/support/partial-upload";
import { startWebhookServer } from "../../../tests/support/webhook-server";

// Next's route handlers (tRPC) and Better Auth read a body whole, with no limit of their own:
// the node:http server refuses a larger one, unread, before handing the request on.
let server: Awaited<ReturnType<typeof startWebhookServer>>;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(async () => {
  await server.stop();
});

describe("bodies for tRPC and auth routes", () => {
  const paths = ["/api/trpc/events.publish", "/api/auth/sign-in/email"];

  it("over 1 MiB: 413 before the body is read", async () => {
    for (const path of paths) {
      expect(await statusBeforeBodyIsSent(`${server.url}${path}`, 2 * 1024 * 1024), path).toBe(413);
    }
  });

  it("without a Content-Length (chunked): 411, since its size cannot be bounded up front", async () => {
    for (const path of paths) {
      expect(await statusBeforeBodyIsSent(`${server.url}${path}`, null), path).toBe(411);
    }
  });

  it("within the limit: handed on (here, without Next, to the 404 fallback)", async () => {
    const reply = await fetch(`${server.url}/api/trpc/events.publish`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { data: "x".repeat(100_000) } }),
    });
    expect(reply.status).toBe(404);
  });
});
