// With the embedded runner the statement that stores a webhook's events also hands them off
// (src/domain/ingest/group-commit.ts, InlineHandOff): nothing is left for the caller to hand
// off, nothing for the sweeper, and the runner processes them from the stored hand-offs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/domain/db";
import { findEventsAwaitingHandOff } from "@/domain/events/lifecycle";
import { handOffInline } from "@/domain/ingest/group-commit";
import { ingest } from "@/domain/ingest/ingest";
import { findEnabledSourceBySlug } from "@/domain/sources/sources";
import { EVENTS_PER_HAND_OFF, eventsReceived } from "@/jobs/events";
import { handOffWebhooksInline } from "@/jobs/hand-off";
import type { Runner } from "@/runner/runner";
import {
  newSource,
  newTenant,
  randomSuffix,
  startAppRunner,
  waitFor,
} from "../support/inbound-kit";

let tenantId: string;
let runner: Runner | undefined;

beforeAll(async () => {
  tenantId = (await newTenant("inline")).id;
  handOffWebhooksInline();
});
afterAll(async () => {
  handOffInline(null);
  await runner?.stop();
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

/** The stored hand-offs naming any of `eventIds`, each with the ids it names. */
async function handOffsNaming(eventIds: string[]) {
  const rows = await db.jobEvent.findMany({
    where: { name: eventsReceived.name },
    select: { id: true, data: true },
  });
  return rows
    .map((row) => (row.data as { eventIds: string[] }).eventIds)
    .filter((ids) => ids.some((id) => eventIds.includes(id)));
}

describe("webhooks handed off by the statement that stores them", () => {
  it("hands a batch of 150 off in hand-offs of at most 100, once, and the runner processes them", async () => {
    const source = await sourceFor("inline-batch", { batch: true });
    const items = Array.from({ length: 150 }, (_, n) => ({ n, run: randomSuffix() }));

    const result = await post(source, items);
    expect(result).toMatchObject({ accepted: 150, duplicates: 0, rejected: 0 });
    // Nothing left for the caller to hand off.
    expect(result.acceptedIds).toEqual([]);
    const eventIds = result.events.map((event) => event.id ?? "");

    const events = await db.event.findMany({ where: { id: { in: eventIds } } });
    expect(events).toHaveLength(150);
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
    expect(again.acceptedIds).toEqual([]);
    expect(await handOffsNaming(eventIds)).toHaveLength(2);

    runner = await startAppRunner();
    await waitFor(
      "every event to be completed",
      async () =>
        (await db.event.count({ where: { id: { in: eventIds }, status: "completed" } })) === 150,
      30_000,
    );
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
    expect(event.handedOffAt).toBeNull();
    expect(await handOffsNaming([eventId])).toHaveLength(0);
  });
});
