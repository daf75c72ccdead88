// USE-CASES story 1, CRM lead sync, end to end over real HTTP: one object or a batch, an
// optional shared secret, idempotency by (lead_id, updated_at), ISO-8601 checks item by item,
// everything stored, and the app's real functions on the embedded runner taking each event
// received -> processing -> completed (with enrichment) or failed (error kept, re-run by hand).
import { afterAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { rerunFailedEvent } from "@/domain/events/lifecycle";
import { eventsReceived } from "@/jobs/events";
import { handOffEvents } from "@/jobs/hand-off";
import type { Runner } from "@/runner/runner";
import {
  newSource,
  postWebhook,
  randomSuffix,
  type StubServer,
  startAppRunner,
  startStubServer,
  storedFor,
  waitFor,
  webhookServerForTheseTests,
} from "../support/inbound-kit";

const TOKEN = "crm-shared-secret";
const auth = { "x-webhook-token": TOKEN };

// The enrichment services below listen on loopback (PRODUCT.md: tests allow it).
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
const inbound = webhookServerForTheseTests("crm");
let runner: Runner | undefined;
const stubs: StubServer[] = [];

afterAll(async () => {
  await runner?.stop();
  await Promise.all(stubs.map((stub) => stub.stop()));
});

/** The embedded runner with the app's functions, started by the first test that needs it. */
async function ensureRunner(): Promise<Runner> {
  runner ??= await startAppRunner({ pollMs: 100, backoff: () => 50 });
  return runner;
}

function leadSource(fields: Parameters<typeof newSource>[2] = {}) {
  return newSource(inbound.tenantId, "crm-leads", {
    name: "CRM leads",
    verification: { scheme: "shared_secret", header: "x-webhook-token", secret: TOKEN },
    idempotency: { from: "paths", paths: ["lead_id", "updated_at"] },
    eventType: { fixed: "lead.updated" },
    subject: { from: "path", path: "lead_id" },
    required: ["lead_id", "updated_at"],
    timestamps: ["updated_at"],
    batch: true,
    ...fields,
  });
}

const newLeadId = () => `lead-${randomSuffix()}`;
const lead = (leadId: string, updatedAt: unknown, extra: Record<string, unknown> = {}) => ({
  lead_id: leadId,
  updated_at: updatedAt,
  email: `${leadId}@example.com`,
  stage: "qualified",
  ...extra,
});

const eventRow = (id: string) =>
  db.event.findUniqueOrThrow({ where: { id }, include: { request: true, subject: true } });

const eventIds = (body: { events?: { id: string | null }[] }) =>
  (body.events ?? []).map((event) => event.id).filter((id): id is string => id !== null);

/** Resolves once the event has reached one of `statuses`. */
const eventReaches = (id: string, statuses: string[], timeoutMs = 30_000) =>
  waitFor(
    `event ${id} to be ${statuses.join(" or ")}`,
    async () => {
      const row = await db.event.findUnique({ where: { id } });
      return row && statuses.includes(row.status) ? row : null;
    },
    timeoutMs,
  );

describe("CRM lead sync (story 1)", () => {
  it("takes one event object, or an array of them (batch: true)", async () => {
    const source = await leadSource();
    const single = await postWebhook(
      inbound.url,
      source.slug,
      lead(newLeadId(), "2026-03-01T10:00:00Z"),
      auth,
    );
    expect(single.status, single.text).toBe(202);
    expect(single.body).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      events: [{ id: expect.stringMatching(/^evt_/), status: "accepted" }],
    });

    const batch = [1, 2, 3].map((n) => lead(newLeadId(), `2026-03-0${n}T10:00:00.123+02:00`));
    const reply = await postWebhook(inbound.url, source.slug, batch, auth);
    expect(reply.status, reply.text).toBe(202);
    expect(reply.body).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    const ids = eventIds(reply.body);
    expect(new Set(ids).size).toBe(3);
    const rows = await db.event.findMany({ where: { id: { in: ids } } });
    // One item each, in batch order, all from one stored request.
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(ids.map((id) => byId.get(id)?.batchIndex)).toEqual([0, 1, 2]);
    expect(ids.map((id) => byId.get(id)?.payload)).toEqual(batch);
    expect(new Set(rows.map((row) => row.requestId)).size).toBe(1);
    expect(await storedFor(source.id)).toEqual({ events: 4, requests: 2 });
  });

  it("checks the shared secret when one is configured (401 when missing or wrong), not otherwise", async () => {
    const source = await leadSource();
    const body = lead(newLeadId(), "2026-03-01T10:00:00Z");
    for (const headers of [{}, { "x-webhook-token": "wrong" }, { "x-webhook-token": "" }]) {
      const reply = await postWebhook(inbound.url, source.slug, body, headers);
      expect(reply.status, reply.text).toBe(401);
      expect(reply.body).toEqual({
        error: { code: "signature_invalid", message: expect.any(String) },
      });
    }
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 0 });
    const right = await postWebhook(inbound.url, source.slug, body, auth);
    expect(right.status, right.text).toBe(202);

    // The secret is optional: a source without one takes the same request with no header.
    const open = await leadSource({ verification: { scheme: "none" } });
    const unsigned = await postWebhook(inbound.url, open.slug, body);
    expect(unsigned.status, unsigned.text).toBe(202);
    expect(unsigned.body.accepted).toBe(1);
  });

  it("rejects an item whose updated_at is missing or not ISO-8601, with a reason; 400 all_rejected when nothing was acceptable", async () => {
    const source = await leadSource();
    const leadId = newLeadId();
    const bad = [
      { lead_id: leadId, email: "x@example.com" },
      lead(leadId, "yesterday"),
      lead(leadId, "2026-13-45T10:00:00Z"),
      lead(leadId, 1767225600),
      lead(leadId, "2026-03-01"),
    ];
    const reply = await postWebhook(inbound.url, source.slug, bad, auth);
    expect(reply.status, reply.text).toBe(400);
    // The summary body, plus the error.
    expect(reply.body).toMatchObject({
      accepted: 0,
      duplicates: 0,
      rejected: 5,
      error: { code: "all_rejected", message: expect.any(String) },
    });
    expect(reply.body.events).toHaveLength(5);
    for (const event of reply.body.events ?? []) {
      expect(event).toEqual({ id: null, status: "rejected", error: expect.any(String) });
      expect(event.error).toMatch(/updated_at/);
    }
    expect(reply.body.events?.[0]?.error).toMatch(/missing/i);
    expect(reply.body.events?.[1]?.error).toMatch(/ISO-8601/);
    expect(reply.body.events?.[1]?.error).toContain("yesterday");

    // A single object fails the same way.
    const one = await postWebhook(inbound.url, source.slug, lead(leadId, "not a date"), auth);
    expect(one.status, one.text).toBe(400);
    expect(one.body).toMatchObject({ accepted: 0, rejected: 1, error: { code: "all_rejected" } });

    // No event; the requests are kept with the reasons, for debugging.
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 2 });
    const requests = await db.inboundRequest.findMany({
      where: { sourceId: source.id },
      orderBy: { receivedAt: "asc" },
    });
    expect(JSON.stringify(requests[0]?.outcome)).toContain("ISO-8601");
  });

  it("one bad item in a batch does not stop the others", async () => {
    const source = await leadSource();
    const good1 = lead(newLeadId(), "2026-03-01T10:00:00Z");
    const good2 = lead(newLeadId(), "2026-03-01T10:00:00.5-05:00");
    const batch = [good1, lead(newLeadId(), "03/01/2026"), good2, { lead_id: newLeadId() }];
    const reply = await postWebhook(inbound.url, source.slug, batch, auth);
    expect(reply.status, reply.text).toBe(202);
    expect(reply.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 2 });
    expect(reply.body.error).toBeUndefined();
    expect(reply.body.events?.map((event) => event.status)).toEqual([
      "accepted",
      "rejected",
      "accepted",
      "rejected",
    ]);
    expect(reply.body.events?.[1]?.error).toMatch(/updated_at.*ISO-8601/);
    expect(reply.body.events?.[3]?.error).toMatch(/updated_at/);
    const rows = await db.event.findMany({
      where: { sourceId: source.id },
      orderBy: { batchIndex: "asc" },
    });
    expect(rows.map((row) => [row.batchIndex, row.payload])).toEqual([
      [0, good1],
      [2, good2],
    ]);
  });

  it("stores every event with its payload, headers (the secret redacted) and received time", async () => {
    const source = await leadSource();
    const leadId = newLeadId();
    const body = [lead(leadId, "2026-03-02T08:30:00Z", { owner: { name: "Ana", team: 7 } })];
    const raw = JSON.stringify(body);
    const before = Date.now();
    const reply = await postWebhook(inbound.url, source.slug, raw, {
      ...auth,
      "x-crm-trace": "trace-123",
      authorization: "Basic c2VjcmV0",
    });
    const after = Date.now();
    expect(reply.status, reply.text).toBe(202);
    const [id] = eventIds(reply.body);
    const event = await eventRow(id ?? "");
    expect(event).toMatchObject({
      tenantId: inbound.tenantId,
      sourceId: source.id,
      type: "lead.updated",
      origin: "inbound",
      payload: body[0],
      error: null,
    });
    expect(["received", "processing", "completed"]).toContain(event.status);
    expect(event.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 2_000);
    expect(event.receivedAt.getTime()).toBeLessThanOrEqual(after + 2_000);
    expect(event.subject?.key).toBe(leadId);
    expect(event.idempotencyKey).toContain(leadId);

    const request = event.request;
    expect(request?.rawBody && Buffer.from(request.rawBody).toString("utf8")).toBe(raw);
    expect(request?.contentType).toBe("application/json");
    const headers = request?.headers as Record<string, string>;
    expect(headers["x-webhook-token"]).toBe("[redacted]");
    expect(headers.authorization).toBe("[redacted]");
    expect(headers["x-crm-trace"]).toBe("trace-123");
    expect(headers["content-type"]).toBe("application/json");
    expect(JSON.stringify(request?.headers)).not.toContain(TOKEN);
  });

  it("moves received -> processing -> completed on the runner, with enrichment stored", async () => {
    let enrichmentCalled: (body: unknown) => void = () => {};
    const called = new Promise<unknown>((resolve) => {
      enrichmentCalled = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const enrichment = await startStubServer(async (body) => {
      enrichmentCalled(body);
      await released;
      const data = (body as { data: { lead_id: string } }).data;
      return { status: 200, body: { lead_id: data.lead_id, score: 87, company: "Acme GmbH" } };
    });
    stubs.push(enrichment);
    const source = await leadSource({ enrichment: { url: enrichment.url } });
    const leadId = newLeadId();
    const reply = await postWebhook(
      inbound.url,
      source.slug,
      lead(leadId, "2026-03-03T09:00:00Z"),
      auth,
    );
    expect(reply.status, reply.text).toBe(202);
    const [id = ""] = eventIds(reply.body);

    // Committed before the 2xx, handed off right after it; no runner is running yet.
    expect((await eventRow(id)).status).toBe("received");
    await waitFor("the hand-off", async () => (await eventRow(id)).handedOffAt);
    expect((await eventRow(id)).status).toBe("received");

    await ensureRunner();
    const request = await called;
    expect(request).toMatchObject({
      id,
      type: "lead.updated",
      subject: leadId,
      data: { lead_id: leadId, updated_at: "2026-03-03T09:00:00Z" },
    });
    // The enrichment call is in flight: the event is being processed.
    expect((await eventRow(id)).status).toBe("processing");
    release();

    const done = await eventReaches(id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.error).toBeNull();
    expect(done.processedAt).toBeInstanceOf(Date);
    expect(done.enrichment).toEqual({ lead_id: leadId, score: 87, company: "Acme GmbH" });
    expect(enrichment.received).toHaveLength(1);
  });

  it("acknowledges a duplicate (duplicates: 1) and never processes it twice; a new updated_at is a new event", async () => {
    const active = await ensureRunner();
    const enrichment = await startStubServer(() => ({ status: 200, body: { ok: true } }));
    stubs.push(enrichment);
    const source = await leadSource({ enrichment: { url: enrichment.url } });
    const leadId = newLeadId();
    const first = lead(leadId, "2026-03-04T12:00:00Z", { stage: "new" });

    const accepted = await postWebhook(inbound.url, source.slug, first, auth);
    expect(accepted.status, accepted.text).toBe(202);
    const [id = ""] = eventIds(accepted.body);
    expect((await eventReaches(id, ["completed", "failed"])).status).toBe("completed");

    // The same (lead_id, updated_at), even with other fields: a duplicate, acknowledged.
    const again = await postWebhook(inbound.url, source.slug, { ...first, stage: "changed" }, auth);
    expect(again.status, again.text).toBe(202);
    expect(again.body).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: 0,
      events: [{ id, status: "duplicate" }],
    });
    // Within one batch too: the first copy is accepted, the second is a duplicate.
    const inBatch = lead(leadId, "2026-03-04T12:30:00Z");
    const batch = await postWebhook(inbound.url, source.slug, [inBatch, inBatch, first], auth);
    expect(batch.status, batch.text).toBe(202);
    expect(batch.body).toMatchObject({ accepted: 1, duplicates: 2, rejected: 0 });
    expect(batch.body.events?.[2]).toEqual({ id, status: "duplicate" });
    const [batchId = ""] = eventIds(batch.body);
    expect(batch.body.events?.[1]).toEqual({ id: batchId, status: "duplicate" });

    // Same lead, new updated_at: a new event.
    const updated = await postWebhook(
      inbound.url,
      source.slug,
      lead(leadId, "2026-03-05T12:00:00Z"),
      auth,
    );
    expect(updated.status, updated.text).toBe(202);
    expect(updated.body).toMatchObject({ accepted: 1, duplicates: 0 });
    const [updatedId = ""] = eventIds(updated.body);
    expect(updatedId).not.toBe(id);
    expect((await eventReaches(updatedId, ["completed", "failed"])).status).toBe("completed");
    expect((await eventReaches(batchId, ["completed", "failed"])).status).toBe("completed");

    // Stored once, with the first payload; handed off and run once; enriched once.
    expect((await eventRow(id)).payload).toEqual(first);
    expect(await storedFor(source.id)).toEqual({ events: 3, requests: 4 });
    const processEvent = active.functions.find((fn) => fn.id.endsWith("process-event"));
    expect(processEvent).toBeDefined();
    const runsOf = (eventId: string) =>
      db.jobRun.count({
        where: {
          functionId: processEvent?.id,
          event: { path: ["data", "eventId"], equals: eventId },
        },
      });
    const handOffsOf = (eventId: string) =>
      db.jobEvent.count({
        where: {
          name: eventsReceived.name,
          data: { path: ["eventIds"], array_contains: [eventId] },
        },
      });
    expect(await runsOf(id)).toBe(1);
    expect(await handOffsOf(id)).toBe(1);
    const enrichedIds = enrichment.received.map((body) => (body as { id: string }).id);
    expect(enrichedIds.filter((enriched) => enriched === id)).toHaveLength(1);
    expect(enrichedIds.sort()).toEqual([id, batchId, updatedId].sort());
  });

  it("a failing enrichment fails the event with the error kept; re-run by hand, it completes", async () => {
    const active = await ensureRunner();
    let healthy = false;
    const enrichment = await startStubServer(() =>
      healthy
        ? { status: 200, body: { segment: "enterprise" } }
        : { status: 500, body: { message: "enrichment database down" } },
    );
    stubs.push(enrichment);
    const source = await leadSource({ enrichment: { url: enrichment.url } });
    const reply = await postWebhook(
      inbound.url,
      source.slug,
      lead(newLeadId(), "2026-03-06T12:00:00Z"),
      auth,
    );
    // The 2xx does not wait for enrichment.
    expect(reply.status, reply.text).toBe(202);
    const [id = ""] = eventIds(reply.body);

    // The function's retries are spent on the failing call, then the event fails.
    const failed = await eventReaches(id, ["failed", "completed"], 45_000);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Enrichment service answered 500/);
    expect(failed.error).toContain("enrichment database down");
    expect(failed.enrichment).toBeNull();
    // One call per attempt of process-event: every retry was spent before it gave up.
    const processEvent = active.functions.find((fn) => fn.id.endsWith("process-event"));
    expect(processEvent?.maxAttempts).toBeGreaterThan(1);
    expect(enrichment.received).toHaveLength(processEvent?.maxAttempts ?? 0);

    // Only failed events can be re-run.
    const completedElsewhere = await db.event.findFirst({
      where: { tenantId: inbound.tenantId, status: "completed" },
    });
    if (completedElsewhere) {
      await expect(rerunFailedEvent(everyTenant, completedElsewhere.id)).rejects.toMatchObject({
        code: "conflict",
      });
    }

    healthy = true;
    await handOffEvents([await rerunFailedEvent(everyTenant, id)]);
    const done = await eventReaches(id, ["completed", "failed"], 30_000);
    expect(done.status).toBe("completed");
    expect(done.error).toBeNull();
    expect(done.enrichment).toEqual({ segment: "enterprise" });
  });
});
