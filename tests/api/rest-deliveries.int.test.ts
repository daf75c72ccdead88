import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRunnerForTheseTests, waitFor } from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";
import {
  api,
  type Body,
  newApiEndpoint,
  newApiTenant,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  waitForDeliveries,
} from "./rest-kit";

// The routes about what happened after publishing: deliveries and their attempts, retry,
// replay, subjects and stats. The app's functions run on the embedded runner, and endpoints
// are local receivers, so every delivery really happens.
serveApiForTheseTests();
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
process.env.DELIVERY_RETRY_SCHEDULE = "1s";
process.env.DELIVERY_TIMEOUT = "2s";
appRunnerForTheseTests();

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let healthy: Receiver;
let broken: Receiver;
beforeAll(async () => {
  healthy = await startReceiver(() => ({ status: 200, body: "thanks" }));
  broken = await startReceiver((n) => ({ status: 500, body: `down ${n}` }));
});
afterAll(async () => {
  await Promise.all([healthy.stop(), broken.stop()]);
});

const settled = (d: Body) => d.status !== "pending";
const attemptFields = [
  "attemptNumber",
  "responseStatus",
  "responseBody",
  "error",
  "durationMs",
  "trigger",
];

describe("deliveries", () => {
  it("GET /deliveries?eventId= and GET /deliveries/{id} show a delivery and its attempt", async () => {
    const tenant = await newApiTenant("dlv");
    const endpoint = await newApiEndpoint(tenant.id, healthy.url, { eventTypes: ["claim.*"] });
    const { id: eventId } = await publish(tenant.id, "claim.opened", { claim: 1 });
    const [delivery] = await waitForDeliveries(eventId, settled);

    expect(delivery).toMatchObject({ eventId, endpointId: endpoint.id, status: "succeeded" });
    expect(delivery.attempts).toHaveLength(1);
    const [attempt] = delivery.attempts;
    for (const field of attemptFields) expect(attempt).toHaveProperty(field);
    expect(attempt).toMatchObject({
      attemptNumber: 1,
      responseStatus: 200,
      responseBody: "thanks",
      error: null,
      trigger: "schedule",
    });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);

    const list = ok(await api("GET", `/deliveries${query({ eventId })}`));
    expect(list.items).toEqual([
      expect.objectContaining({
        id: delivery.id,
        eventId,
        endpointId: endpoint.id,
        status: "succeeded",
      }),
    ]);
    expect(list.nextCursor).toBeNull();
  });

  it("a delivery to a failing endpoint is failed after 2 attempts, in attemptNumber order", async () => {
    const tenant = await newApiTenant("dlv-fail");
    await newApiEndpoint(tenant.id, broken.url);
    const { id: eventId } = await publish(tenant.id, "claim.rejected", {});
    const [delivery] = await waitForDeliveries(eventId, settled);

    expect(delivery.status).toBe("failed");
    expect(
      delivery.attempts.map((a: Body) => [a.attemptNumber, a.responseStatus, a.trigger]),
    ).toEqual([
      [1, 500, "schedule"],
      [2, 500, "schedule"],
    ]);
    expect(delivery.attempts[0].responseBody).toMatch(/^down \d+$/);
    const byStatus = async (status: string) =>
      ok(await api("GET", `/deliveries${query({ eventId, status })}`)).items.map((d: Body) => d.id);
    expect(await byStatus("failed")).toEqual([delivery.id]);
    expect(await byStatus("succeeded")).toEqual([]);
  });

  it("POST /deliveries/{id}/retry makes a new attempt with trigger manual", async () => {
    const tenant = await newApiTenant("dlv-retry");
    await newApiEndpoint(tenant.id, broken.url);
    const { id: eventId } = await publish(tenant.id, "claim.rejected", {});
    const [failed] = await waitForDeliveries(eventId, settled);
    expect(failed.attempts).toHaveLength(2);

    const retried = await api("POST", `/deliveries/${failed.id}/retry`);
    expect(ok(retried, 202)).toMatchObject({ id: failed.id, status: "pending" });
    const after = await waitFor("the manual attempt and its retry to finish", async () => {
      const d = ok(await api("GET", `/deliveries/${failed.id}`));
      return d.status === "failed" && d.attempts.length === 4 ? d : null;
    });
    expect(after.attempts.map((a: Body) => [a.attemptNumber, a.trigger])).toEqual([
      [1, "schedule"],
      [2, "schedule"],
      [3, "manual"],
      [4, "schedule"],
    ]);
  });

  it("POST /deliveries/{id}/retry on a delivery that succeeded is refused, not a 500", async () => {
    const tenant = await newApiTenant("dlv-done");
    await newApiEndpoint(tenant.id, healthy.url);
    const { id: eventId } = await publish(tenant.id, "claim.closed", {});
    const [delivery] = await waitForDeliveries(eventId, settled);
    const retried = await api("POST", `/deliveries/${delivery.id}/retry`);
    expect(retried.status).toBe(409);
    expect(retried.body.error.code).toBe("conflict");
  });
});

describe("events after delivery", () => {
  it("GET /events/{id} shows the delivery attempts on its timeline", async () => {
    const tenant = await newApiTenant("timeline");
    const endpoint = await newApiEndpoint(tenant.id, healthy.url);
    const { id: eventId } = await publish(tenant.id, "claim.opened", { claim: 2 });
    const [delivery] = await waitForDeliveries(eventId, settled);
    const event = await waitFor("the event to be completed", async () => {
      const e = ok(await api("GET", `/events/${eventId}`));
      return e.status === "completed" ? e : null;
    });
    expect(event.timeline.map((t: Body) => t.kind)).toEqual(
      expect.arrayContaining(["received", "processed", "attempt"]),
    );
    expect(event.timeline.at(0).kind).toBe("received");
    expect(event.timeline.find((t: Body) => t.kind === "attempt")).toMatchObject({
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      attemptNumber: 1,
      responseStatus: 200,
    });
    const completed = ok(
      await api("GET", `/events${query({ tenantId: tenant.id, status: "completed" })}`),
    );
    expect(completed.items.map((e: Body) => e.id)).toEqual([eventId]);
  });

  it("POST /events/{id}/replay answers 202 with a new event, delivered again (trigger replay)", async () => {
    const tenant = await newApiTenant("replay");
    await newApiEndpoint(tenant.id, healthy.url);
    const data = { order: 9 };
    const { id: eventId } = await publish(tenant.id, "order.placed", data);
    await waitForDeliveries(eventId, settled);

    const replay = ok(await api("POST", `/events/${eventId}/replay`), 202);
    expect(replay).toMatchObject({ id: expect.stringMatching(/^evt_/), replayOf: eventId });
    expect(replay.id).not.toBe(eventId);
    const [delivery] = await waitForDeliveries(replay.id, settled);
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts[0].trigger).toBe("replay");
    const event = ok(await api("GET", `/events/${replay.id}`));
    expect(event).toMatchObject({ replayOfId: eventId, type: "order.placed", payload: data });
  });
});

describe("subjects and stats", () => {
  it("GET /subjects/{key} shows the subject's state and its events, oldest first", async () => {
    const tenant = await newApiTenant("subject");
    const key = `job-${randomBytes(4).toString("hex")}`;
    const first = await publish(tenant.id, "job.started", { progress: 0 }, { subject: key });
    const second = await publish(tenant.id, "job.progressed", { progress: 50 }, { subject: key });
    await publish(tenant.id, "job.started", {}, { subject: `${key}-other` });

    const subject = ok(await api("GET", `/subjects/${key}`));
    expect(subject).toMatchObject({ key, tenantId: tenant.id });
    // Published events carry no tracking rule: the subject has a timeline but no state.
    expect(subject).toMatchObject({ status: null, terminal: false, updatedBy: null });
    expect(subject.timeline.map((e: Body) => [e.id, e.type])).toEqual([
      [first.id, "job.started"],
      [second.id, "job.progressed"],
    ]);
    expect(subject.timeline[1].payload).toEqual({ progress: 50 });
  });

  it("GET /stats counts deliveries per tenant and per endpoint", async () => {
    const tenant = await newApiTenant("stats");
    const good = await newApiEndpoint(tenant.id, healthy.url);
    const bad = await newApiEndpoint(tenant.id, broken.url);
    const { id: eventId } = await publish(tenant.id, "claim.opened", {});
    await waitForDeliveries(eventId, settled, 2);

    const stats = ok(await api("GET", `/stats${query({ tenantId: tenant.id, window: "1h" })}`));
    expect(stats.window).toBe("1h");
    expect(stats.tenants).toEqual([
      expect.objectContaining({
        tenantId: tenant.id,
        events: 1,
        deliveries: { pending: 0, succeeded: 1, failed: 1 },
        successRate: 0.5,
      }),
    ]);
    const byEndpoint = Object.fromEntries(stats.endpoints.map((e: Body) => [e.endpointId, e]));
    expect(byEndpoint[good.id]).toMatchObject({
      deliveries: { pending: 0, succeeded: 1, failed: 0 },
      successRate: 1,
    });
    expect(byEndpoint[bad.id]).toMatchObject({
      deliveries: { pending: 0, succeeded: 0, failed: 1 },
      successRate: 0,
    });
    expect(stats.attempts).toBe(3);
  });
});
