import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRunnerForTheseTests, postWebhook, waitFor } from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";
import {
  api,
  type Body,
  newApiEndpoint,
  newApiSource,
  newApiTenant,
  ok,
  serveApiForTheseTests,
  serverUrl,
  waitForDeliveries,
} from "./rest-kit";

// GET /api/v1/events/{id} as the console's event page reads it: the inbound request as stored
// (headers redacted), the source and its verification, each delivery with its endpoint URL,
// and the timeline through every attempt.
serveApiForTheseTests();
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
appRunnerForTheseTests();

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: "ok" }));
});
afterAll(async () => {
  await receiver.stop();
});

describe("GET /events/{id} of an inbound event", () => {
  it("has the raw request with its secret redacted, the source, deliveries and timeline", async () => {
    const tenant = await newApiTenant("detail");
    const source = await newApiSource(tenant.id, {
      verification: { scheme: "shared_secret", header: "x-webhook-token", secret: "s3cret-token" },
      eventType: { from: "path", path: "type" },
    });
    const endpoint = await newApiEndpoint(tenant.id, receiver.url, { eventTypes: ["order.*"] });
    const raw = '{"type":"order.placed","order":{"id":"o-1"}}';
    const posted = await postWebhook(serverUrl(), source.slug, raw, {
      "x-webhook-token": "s3cret-token",
      "x-request-id": "req-77",
    });
    expect(posted.status).toBe(202);
    const eventId = posted.body.events?.[0]?.id ?? "";
    await waitForDeliveries(eventId, (d: Body) => d.status === "succeeded");
    const event: Body = await waitFor("the event to complete", async () => {
      const found = ok(await api("GET", `/events/${eventId}`));
      return found.status === "completed" ? found : null;
    });

    expect(event).toMatchObject({
      tenantName: tenant.name,
      payload: { type: "order.placed", order: { id: "o-1" } },
      source: { slug: source.slug, verification: "shared_secret" },
      request: {
        contentType: "application/json",
        body: raw,
        bodyEncoding: "utf8",
        bodyBytes: raw.length,
        bodyTruncated: false,
      },
    });
    expect(event.request.headers["x-webhook-token"]).toBe("[redacted]");
    expect(event.request.headers["x-request-id"]).toBe("req-77");
    expect(JSON.stringify(event)).not.toContain("s3cret-token");
    expect(event.deliveries).toEqual([
      expect.objectContaining({
        endpointId: endpoint.id,
        endpointUrl: receiver.url,
        status: "succeeded",
        attemptCount: 1,
      }),
    ]);
    expect(event.timeline.map((entry: Body) => entry.kind)).toEqual(
      expect.arrayContaining(["received", "processed", "attempt"]),
    );
    const attempt = event.timeline.find((entry: Body) => entry.kind === "attempt");
    expect(attempt).toMatchObject({ attemptNumber: 1, responseStatus: 200, trigger: "schedule" });
  });

  it("lists the replays of an event, and a replay points back at it", async () => {
    const tenant = await newApiTenant("replays");
    const source = await newApiSource(tenant.id, { eventType: { fixed: "note.added" } });
    const posted = await postWebhook(serverUrl(), source.slug, { note: 1 });
    const eventId = posted.body.events?.[0]?.id ?? "";
    const replay = ok(await api("POST", `/events/${eventId}/replay`), 202);

    const original = ok(await api("GET", `/events/${eventId}`));
    expect(original.replays.map((r: Body) => r.id)).toEqual([replay.id]);
    const copy = ok(await api("GET", `/events/${replay.id}`));
    expect(copy).toMatchObject({ origin: "replay", replayOfId: eventId, payload: { note: 1 } });
  });
});
