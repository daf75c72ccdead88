import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createEndpoint, rotateEndpointSecret } from "@/domain/endpoints/endpoints";
import { EMBEDDED_RUNNER_WORKERS } from "@/jobs/functions";
import { replayEvent, retryDeliveryNow, sendTestEvent } from "@/jobs/requests";
import {
  appRunnerForTheseTests,
  deliveriesOf,
  newTenant,
  publishThroughSource,
  sleep,
  waitFor,
} from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

// Seconds, not hours: PRODUCT.md lets configuration override the schedule.
process.env.DELIVERY_RETRY_SCHEDULE = "1s,1s";
process.env.DELIVERY_TIMEOUT = "2s";
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";

// With the app's worker count (src/server/runner-thread.ts): the hanging-endpoint test needs it.
appRunnerForTheseTests({ concurrency: EMBEDDED_RUNNER_WORKERS });

describe("fan-out to endpoints", () => {
  it("delivers only to the matching endpoints of the right tenant, signed with Standard Webhooks", async () => {
    const [acme, other] = [await newTenant("acme"), await newTenant("other")];
    const claims = await startReceiver();
    const everything = await startReceiver();
    const policies = await startReceiver();
    const otherTenant = await startReceiver();
    const claimsEndpoint = await createEndpoint(everyTenant, {
      tenantId: acme.id,
      url: claims.url,
      eventTypes: ["claim.*"],
      headers: { "x-team": "claims" },
    });
    await createEndpoint(everyTenant, {
      tenantId: acme.id,
      url: everything.url,
      eventTypes: ["*"],
    });
    await createEndpoint(everyTenant, {
      tenantId: acme.id,
      url: policies.url,
      eventTypes: ["policy.bound"],
    });
    await createEndpoint(everyTenant, {
      tenantId: other.id,
      url: otherTenant.url,
      eventTypes: ["*"],
    });

    const eventId = await publishThroughSource(acme.id, "claim.opened", { claim: 7 });
    await waitFor("two deliveries to succeed", async () => {
      const deliveries = await deliveriesOf(eventId);
      return deliveries.length === 2 && deliveries.every((d) => d.status === "succeeded");
    });
    expect(claims.received).toHaveLength(1);
    expect(everything.received).toHaveLength(1);
    expect(policies.received).toHaveLength(0);
    expect(otherTenant.received).toHaveLength(0);

    const request = claims.received[0];
    const headers = Object.fromEntries(
      Object.entries(request?.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(headers["webhook-id"]).toBe(eventId);
    expect(headers["x-team"]).toBe("claims");
    const body = new Webhook(claimsEndpoint.secret).verify(request?.body ?? "", headers) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({ type: "claim.opened", data: { type: "claim.opened", claim: 7 } });
    for (const receiver of [claims, everything, policies, otherTenant]) await receiver.stop();
  });

  it("retries on the schedule and logs every attempt: fail, fail, succeed", async () => {
    const tenant = await newTenant("flaky");
    const receiver = await startReceiver((n) =>
      n < 3 ? { status: 500, body: `nope ${n}` } : { status: 200, body: "ok" },
    );
    await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: receiver.url,
      eventTypes: ["*"],
    });
    const eventId = await publishThroughSource(tenant.id, "claim.settled", {});
    const [delivery] = await waitFor("the third attempt to succeed", async () => {
      const deliveries = await deliveriesOf(eventId);
      return deliveries[0]?.status === "succeeded" ? deliveries : null;
    });
    expect(
      delivery?.attempts.map((a) => [
        a.attemptNumber,
        a.responseStatus,
        a.responseBody,
        a.errorKind,
      ]),
    ).toEqual([
      [1, 500, "nope 1", "http_status"],
      [2, 500, "nope 2", "http_status"],
      [3, 200, "ok", null],
    ]);
    expect(
      delivery?.attempts.every(
        (a) => a.durationMs >= 0 && !("webhook-signature" in (a.requestHeaders as object)),
      ),
    ).toBe(true);
    // The same webhook-id on every retry: receivers de-duplicate on it.
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(
      new Set([eventId]),
    );
    await receiver.stop();
  });

  it("signs with both secrets during a rotation", async () => {
    const tenant = await newTenant("rotate");
    const receiver = await startReceiver();
    const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    const rotated = await rotateEndpointSecret(everyTenant, endpoint.id);
    const eventId = await publishThroughSource(tenant.id, "agreement.updated", {});
    await waitFor(
      "the delivery",
      async () => (await deliveriesOf(eventId))[0]?.status === "succeeded",
    );
    const request = receiver.received[0];
    const headers = Object.fromEntries(
      Object.entries(request?.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(request?.body ?? "", headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(request?.body ?? "", headers)).not.toThrow();
    await receiver.stop();
  });

  it("an endpoint hanging on more deliveries than the runner has workers does not delay another's", async () => {
    const tenant = await newTenant("hang");
    const hanging = await startReceiver(() => ({ status: 200, delayMs: 60_000 }));
    const quick = await startReceiver();
    try {
      // Each attempt holds its call for 30 s, longer than this test waits for the quick one.
      await createEndpoint(everyTenant, {
        tenantId: tenant.id,
        url: hanging.url,
        eventTypes: ["slow.*"],
        timeoutMs: 30_000,
      });
      await createEndpoint(everyTenant, {
        tenantId: tenant.id,
        url: quick.url,
        eventTypes: ["quick.*"],
      });
      // More deliveries than this file's runner has workers.
      const stuck = EMBEDDED_RUNNER_WORKERS + 5;
      for (let i = 0; i < stuck; i++) await publishThroughSource(tenant.id, "slow.tick", { i });
      await waitFor(
        "the hanging endpoint's first request",
        async () => hanging.received.length > 0,
      );
      await sleep(500); // as many as it may take at once are in flight by now

      const sent = Date.now();
      await publishThroughSource(tenant.id, "quick.ping", {});
      await waitFor("the quick endpoint", async () => quick.received.length === 1, 10_000);
      expect((quick.received[0]?.at ?? Infinity) - sent).toBeLessThan(3_000);
    } finally {
      // Closing its connections ends the hanging attempts at once, freeing the workers.
      await hanging.stop();
      await quick.stop();
    }
  });

  it("an exhausted delivery retried by hand succeeds, and its attempt says manual", async () => {
    const tenant = await newTenant("exhaust");
    let healthy = false;
    const receiver = await startReceiver(() =>
      healthy ? { status: 200 } : { status: 503, body: "down" },
    );
    await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    const eventId = await publishThroughSource(tenant.id, "claim.opened", {});
    // First attempt plus the two of the schedule, then it gives up.
    const [failed] = await waitFor("the delivery to fail", async () => {
      const deliveries = await deliveriesOf(eventId);
      return deliveries[0]?.status === "failed" ? deliveries : null;
    });
    expect(failed?.attempts.map((a) => a.responseStatus)).toEqual([503, 503, 503]);

    healthy = true;
    await retryDeliveryNow(everyTenant, failed?.id ?? "");
    const [retried] = await waitFor("the manual retry", async () => {
      const deliveries = await deliveriesOf(eventId);
      return deliveries[0]?.status === "succeeded" ? deliveries : null;
    });
    expect(retried?.attempts.map((a) => [a.attemptNumber, a.trigger, a.responseStatus])).toEqual([
      [1, "schedule", 503],
      [2, "schedule", 503],
      [3, "schedule", 503],
      [4, "manual", 200],
    ]);
    await expect(retryDeliveryNow(everyTenant, retried?.id ?? "")).rejects.toMatchObject({
      code: "conflict",
    });
    await receiver.stop();
  });

  it("a Retry-After asking for years (or more than PostgreSQL can add) waits 24 h at most", async () => {
    for (const retryAfter of [
      "315360000",
      "99999999999999999999",
      "Fri, 01 Jan 2100 00:00:00 GMT",
    ]) {
      const tenant = await newTenant("retry-after");
      const receiver = await startReceiver(() => ({
        status: 429,
        headers: { "retry-after": retryAfter },
      }));
      await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
      const eventId = await publishThroughSource(tenant.id, "claim.opened", {});
      // Delivery and attempts are two reads: wait for the delivery row to show the wait too.
      const [waiting] = await waitFor("the first attempt's wait to be recorded", async () => {
        const deliveries = await deliveriesOf(eventId);
        const next = deliveries[0]?.nextAttemptAt?.getTime() ?? 0;
        return deliveries[0]?.attempts.length === 1 && next > Date.now() + 60_000
          ? deliveries
          : null;
      });
      expect(waiting?.status, retryAfter).toBe("pending");
      const waitMs = (waiting?.nextAttemptAt?.getTime() ?? 0) - Date.now();
      expect(waitMs, retryAfter).toBeGreaterThan(23 * 3_600_000);
      expect(waitMs, retryAfter).toBeLessThanOrEqual(24 * 3_600_000);
      await receiver.stop();
    }
  });

  it("an endpoint's own retry schedule replaces DELIVERY_RETRY_SCHEDULE", async () => {
    const tenant = await newTenant("own-schedule");
    const receiver = await startReceiver(() => ({ status: 500 }));
    // The server's schedule (1s,1s) would make three attempts; this endpoint's makes four.
    await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: receiver.url,
      retrySchedule: "1s,1s,1s",
    });
    const eventId = await publishThroughSource(tenant.id, "claim.opened", {});
    const [failed] = await waitFor("the delivery to fail", async () => {
      const deliveries = await deliveriesOf(eventId);
      return deliveries[0]?.status === "failed" ? deliveries : null;
    });
    expect(failed?.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 500, 500]);
    expect(failed?.nextAttemptAt).toBeNull();
    await expect(
      createEndpoint(everyTenant, {
        tenantId: tenant.id,
        url: receiver.url,
        retrySchedule: "soon",
      }),
    ).rejects.toThrow();
    await receiver.stop();
  });

  it("replays an event to the endpoints that match now, as a new event marked replay", async () => {
    const tenant = await newTenant("replay");
    const first = await startReceiver();
    await createEndpoint(everyTenant, { tenantId: tenant.id, url: first.url });
    const eventId = await publishThroughSource(tenant.id, "policy.bound", { policy: 1 });
    await waitFor(
      "the first delivery",
      async () => (await deliveriesOf(eventId))[0]?.status === "succeeded",
    );

    const later = await startReceiver();
    await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: later.url,
      eventTypes: ["policy.*"],
    });
    const replayId = await replayEvent(everyTenant, eventId);
    const deliveries = await waitFor("both replay deliveries", async () => {
      const found = await deliveriesOf(replayId);
      return found.length === 2 && found.every((d) => d.status === "succeeded") ? found : null;
    });
    expect(deliveries.flatMap((d) => d.attempts.map((a) => a.trigger))).toEqual([
      "replay",
      "replay",
    ]);
    expect(await db.event.findUniqueOrThrow({ where: { id: replayId } })).toMatchObject({
      origin: "replay",
      replayOfId: eventId,
      status: "completed",
      payload: { type: "policy.bound", policy: 1 },
    });
    expect(first.received).toHaveLength(2);
    expect(later.received).toHaveLength(1);
    await first.stop();
    await later.stop();
  });

  it("sends a signed test event to one endpoint, even a disabled one", async () => {
    const tenant = await newTenant("test-event");
    const receiver = await startReceiver();
    const other = await startReceiver();
    const endpoint = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: receiver.url,
      enabled: false,
    });
    await createEndpoint(everyTenant, { tenantId: tenant.id, url: other.url });
    const { deliveryId, eventId } = await sendTestEvent(everyTenant, endpoint.id);
    const delivery = await waitFor("the test delivery", async () => {
      const found = await db.delivery.findUnique({
        where: { id: deliveryId },
        include: { attempts: true },
      });
      return found?.status === "succeeded" ? found : null;
    });
    expect(delivery.attempts.map((a) => a.trigger)).toEqual(["test"]);
    const request = receiver.received[0];
    const headers = Object.fromEntries(
      Object.entries(request?.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(headers["webhook-id"]).toBe(eventId);
    expect(new Webhook(endpoint.secret).verify(request?.body ?? "", headers)).toMatchObject({
      type: "switchyard.test",
    });
    expect(other.received).toHaveLength(0);
    await receiver.stop();
    await other.stop();
  });
});
