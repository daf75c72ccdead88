// With the embedded runner the statement that stores a webhook's events also processes them
// (src/domain/ingest/group-commit.ts, InlineHandOff): an event of a source that does not
// enrich is fanned out there and stored completed, with its first attempts requested; one
// whose source enriches is handed off in the same transaction. Nothing is left for the caller
// to hand off, nothing for the sweeper, and the runner takes it from there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db, disconnectDb } from "@/domain/db";
import { createEndpoint, updateEndpoint } from "@/domain/endpoints/endpoints";
import { findEventsAwaitingHandOff } from "@/domain/events/lifecycle";
import { handOffInline } from "@/domain/ingest/group-commit";
import { ingest } from "@/domain/ingest/ingest";
import { findEnabledSourceBySlug } from "@/domain/sources/sources";
import {
  deliveryRequested,
  EVENTS_PER_HAND_OFF,
  eventsReceived,
  FIRST_ATTEMPT_KEY_PREFIX,
} from "@/jobs/events";
import { handOffWebhooksInline } from "@/jobs/hand-off";
import type { Runner } from "@/runner/runner";
import {
  newSource,
  newTenant,
  randomSuffix,
  type StubServer,
  startAppRunner,
  startStubServer,
  waitFor,
} from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

// The receiver and the enrichment service listen on loopback.
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";

let tenantId: string;
let runner: Runner | undefined;
let enrichment: StubServer;

beforeAll(async () => {
  tenantId = (await newTenant("inline")).id;
  enrichment = await startStubServer(() => ({ status: 200, body: { tier: "gold" } }));
  handOffWebhooksInline();
});
afterAll(async () => {
  handOffInline(null);
  await runner?.stop();
  await enrichment.stop();
  await disconnectDb();
});

async function sourceFor(prefix: string, fields: Parameters<typeof newSource>[2] = {}) {
  const created = await newSource(tenantId, prefix, fields);
  const source = await findEnabledSourceBySlug(created.slug);
  if (!source) throw new Error("source not found");
  return source;
}

const post = (source: Awaited<ReturnType<typeof sourceFor>>, body: unknown) =>
  ingest(source, {
    contentType: "application/json",
    rawBody: Buffer.from(JSON.stringify(body)),
    headers: { "content-type": "application/json" },
  });

const batchOf = (count: number, type: string) =>
  Array.from({ length: count }, (_, n) => ({ type, n, run: randomSuffix() }));

/** The stored hand-offs naming any of `eventIds`, each with the ids it names. */
async function handOffsNaming(eventIds: string[]) {
  const rows = await db.jobEvent.findMany({
    where: { name: eventsReceived.name },
    select: { data: true },
  });
  return rows
    .map((row) => (row.data as { eventIds: string[] }).eventIds)
    .filter((ids) => ids.some((id) => eventIds.includes(id)));
}

const eventIdsOf = (result: Awaited<ReturnType<typeof post>>) =>
  result.events.map((event) => event.id ?? "");

describe("webhooks processed by the statement that stores them", () => {
  it("hands events of an enriching source off in hand-offs of at most 100, once", async () => {
    const source = await sourceFor("inline-enrich", {
      batch: true,
      eventType: { from: "path", path: "type" },
      enrichment: { url: enrichment.url },
    });
    const items = batchOf(150, "lead.created");

    const result = await post(source, items);
    expect(result).toMatchObject({ accepted: 150, duplicates: 0, rejected: 0 });
    expect(result.acceptedIds).toEqual([]); // nothing left for the caller
    const eventIds = eventIdsOf(result);
    const events = await db.event.findMany({ where: { id: { in: eventIds } } });
    expect(events).toHaveLength(150);
    for (const event of events) expect(event).toMatchObject({ status: "received" });
    for (const event of events) expect(event.handedOffAt).toBeInstanceOf(Date);
    const handOffs = await handOffsNaming(eventIds);
    expect(handOffs.map((ids) => ids.length).sort((a, b) => a - b)).toEqual([
      50,
      EVENTS_PER_HAND_OFF,
    ]);
    expect(handOffs.flat().sort()).toEqual([...eventIds].sort());
    expect(await findEventsAwaitingHandOff(0, 100_000)).not.toContain(eventIds[0]);

    // The same request again: all duplicates, no hand-off more.
    const again = await post(source, items);
    expect(again).toMatchObject({ accepted: 0, duplicates: 150 });
    expect(await handOffsNaming(eventIds)).toHaveLength(2);
  });

  it("leaves events of a tracked subject to the caller, whose tracking may yet ignore them", async () => {
    const source = await sourceFor("inline-tracked", {
      subject: { from: "path", path: "order.id" },
      tracking: { status: "order.status", terminal: ["delivered"] },
    });
    const result = await post(source, { order: { id: randomSuffix(), status: "packed" } });
    expect(result).toMatchObject({ accepted: 1 });
    const [eventId = ""] = result.acceptedIds;
    expect(eventId).toMatch(/^evt_/);
    const event = await db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ status: "received", handedOffAt: null });
    expect(await handOffsNaming([eventId])).toHaveLength(0);
  });

  it("fans events of a plain source out with the commit: completed, deliveries created, first attempts requested", async () => {
    const receiver = await startReceiver();
    const orders = await createEndpoint(everyTenant, {
      tenantId,
      url: receiver.url,
      eventTypes: ["order.*"],
    });
    const big = await createEndpoint(everyTenant, {
      tenantId,
      url: receiver.url,
      eventTypes: ["order.*"],
      filter: { "order.big": true },
    });
    const leadReceiver = await startReceiver();
    const leads = await createEndpoint(everyTenant, {
      tenantId,
      url: leadReceiver.url,
      eventTypes: ["lead.*"],
    });
    const disabled = await createEndpoint(everyTenant, {
      tenantId,
      url: receiver.url,
      eventTypes: ["*"],
    });
    await updateEndpoint(everyTenant, disabled.id, { enabled: false });
    const source = await sourceFor("inline-plain", {
      batch: true,
      eventType: { from: "path", path: "type" },
    });
    const items = batchOf(120, "order.placed").map((item) => ({
      ...item,
      order: { big: item.n < 20 },
    }));

    const result = await post(source, items);
    expect(result).toMatchObject({ accepted: 120, duplicates: 0, rejected: 0 });
    expect(result.acceptedIds).toEqual([]);
    const eventIds = eventIdsOf(result);
    const events = await db.event.findMany({ where: { id: { in: eventIds } } });
    for (const event of events) expect(event).toMatchObject({ status: "completed", error: null });
    for (const event of events) expect(event.processedAt).toBeInstanceOf(Date);
    expect(await handOffsNaming(eventIds)).toHaveLength(0);

    // One delivery per event to the order endpoint, one more for each big order.
    const deliveries = await db.delivery.findMany({ where: { eventId: { in: eventIds } } });
    const to = (endpointId: string) => deliveries.filter((d) => d.endpointId === endpointId);
    expect(to(orders.id)).toHaveLength(120);
    expect(to(big.id)).toHaveLength(20);
    expect(to(leads.id).length + to(disabled.id).length).toBe(0);
    for (const delivery of deliveries)
      expect(delivery).toMatchObject({ status: "pending", tenantId });

    // Each first attempt requested once, as process-events would (same key, same data).
    const requests = await db.jobEvent.findMany({
      where: { name: deliveryRequested.name, key: { startsWith: FIRST_ATTEMPT_KEY_PREFIX } },
    });
    const byDelivery = new Map(requests.map((r) => [r.key, r.data]));
    for (const delivery of deliveries) {
      expect(byDelivery.get(`${FIRST_ATTEMPT_KEY_PREFIX}${delivery.id}`)).toEqual({
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        tenantId,
        trigger: "schedule",
      });
    }

    // A repeat creates nothing.
    const again = await post(source, items);
    expect(again).toMatchObject({ accepted: 0, duplicates: 120 });
    expect(await db.delivery.count({ where: { eventId: { in: eventIds } } })).toBe(140);

    // The runner attempts them all; the enriching source's events of the first test are
    // processed from their stored hand-offs meanwhile.
    runner = await startAppRunner();
    await waitFor(
      "every delivery to succeed",
      async () =>
        (await db.delivery.count({ where: { eventId: { in: eventIds }, status: "succeeded" } })) ===
        140,
      60_000,
    );
    expect(receiver.received).toHaveLength(140);
    await waitFor(
      "the enriched events to be completed",
      async () =>
        (await db.event.count({
          where: { type: "lead.created", tenantId, status: "completed" },
        })) === 150,
      60_000,
    );
    // Fanned out after their enrichment, to the lead endpoint created since.
    await waitFor("the leads to be delivered", async () => leadReceiver.received.length === 150);
    await receiver.stop();
    await leadReceiver.stop();
  }, 120_000);
});
