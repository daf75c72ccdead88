import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { attemptDelivery } from "@/domain/delivery/attempt";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { publishEvent } from "@/domain/events/publish";
import { ingest } from "@/domain/ingest/ingest";
import { findEnabledSourceBySlug } from "@/domain/sources/sources";
import { newId } from "@/lib/ids";
import { newSource, newTenant } from "../../../tests/support/inbound-kit";
import { startReceiver } from "../../../tests/support/receiver";
import { getStats } from "./breakdown";
import { bucketOf } from "./histogram";
import { getOverview } from "./overview";

process.env.ALLOW_PRIVATE_ENDPOINTS = "true";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let healthy: Awaited<ReturnType<typeof startReceiver>>;
let broken: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  healthy = await startReceiver(() => ({ status: 200 }));
  broken = await startReceiver(() => ({ status: 500 }));
});
afterAll(async () => {
  await healthy.stop();
  await broken.stop();
});

/** An event of the tenant received `agoMs` before now, as if it had arrived then. */
async function eventReceived(tenantId: string, agoMs: number) {
  return db.event.create({
    data: {
      id: newId("event"),
      tenantId,
      type: "order.placed",
      payload: {},
      receivedAt: new Date(Date.now() - agoMs),
    },
  });
}

/** A delivery of a new event (received `agoMs` ago) to the endpoint, attempted as often as asked. */
async function deliver(tenantId: string, endpointId: string, agoMs: number, attempts = 1) {
  const event = await eventReceived(tenantId, agoMs);
  const delivery = await db.delivery.create({
    data: { id: newId("delivery"), tenantId, eventId: event.id, endpointId },
  });
  for (let n = 1; n <= attempts; n++) await attemptDelivery(delivery.id, "schedule", n);
  return delivery.id;
}

describe("rollups", () => {
  it("count events in, whichever path stores them: a webhook batch, a publish, one statement of many", async () => {
    const tenant = await newTenant("rollup-in");
    const created = await newSource(tenant.id, "batch", {
      batch: true,
      eventType: { from: "path", path: "type" },
    });
    const source = await findEnabledSourceBySlug(created.slug);
    if (!source) throw new Error("source missing");
    await ingest(source, {
      contentType: "application/json",
      rawBody: Buffer.from(JSON.stringify([{ type: "a" }, { type: "b" }, { type: "c" }])),
      headers: {},
    });
    await publishEvent(everyTenant, { tenantId: tenant.id, type: "order.placed", data: {} });
    await db.event.createMany({
      data: [1, 2].map(() => ({
        id: newId("event"),
        tenantId: tenant.id,
        type: "bulk",
        payload: {},
      })),
    });

    const overview = await getOverview(everyTenant, { tenantId: tenant.id, window: "1h" });
    expect(overview.totals.eventsIn).toBe(6);
    expect(overview.series.reduce((n, point) => n + point.eventsIn, 0)).toBe(6);
    expect(overview.events).toEqual({ received: 6, processing: 0, completed: 0, failed: 0 });
    // Minute and hour counters agree.
    const rows = await db.eventRollup.groupBy({
      by: ["grain"],
      where: { tenantId: tenant.id },
      _sum: { events: true },
    });
    expect(rows.map((row) => row._sum.events)).toEqual([6, 6]);
  });

  it("count deliveries succeeded and failed, their attempts, and latency to the bucket's resolution", async () => {
    const tenant = await newTenant("rollup-out");
    const good = await createEndpoint(everyTenant, { tenantId: tenant.id, url: healthy.url });
    const bad = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: broken.url,
      retrySchedule: "1s",
    });
    // Latencies of about 1 s, 10 s (twice) and 40 s from receipt to success.
    for (const ago of [1 * SECOND, 10 * SECOND, 10 * SECOND, 40 * SECOND]) {
      await deliver(tenant.id, good.id, ago);
    }
    // Two failed attempts: retried once, then out of schedule.
    await deliver(tenant.id, bad.id, 5 * SECOND, 2);
    // Still pending after one failed attempt.
    await deliver(tenant.id, bad.id, 5 * SECOND, 1);

    const overview = await getOverview(everyTenant, { tenantId: tenant.id, window: "1h" });
    expect(overview.deliveries).toEqual({ pending: 1, succeeded: 4, failed: 1 });
    expect(overview.totals).toMatchObject({
      eventsIn: 6,
      deliveriesOut: 5,
      attempts: 7,
      attemptsFailed: 3,
      successRate: 0.8,
    });
    const { p50, p95 } = overview.totals.latencyMs;
    // A bucket spans a factor of sqrt(2): its middle is within 19% of any latency in it.
    expect(Math.abs((p50 ?? 0) - 10 * SECOND) / (10 * SECOND)).toBeLessThan(0.19);
    expect(Math.abs((p95 ?? 0) - 40 * SECOND) / (40 * SECOND)).toBeLessThan(0.19);
    expect(
      overview.failingEndpoints.map((e) => [e.endpointId, e.failed, e.attemptsFailed]),
    ).toEqual([[bad.id, 1, 3]]);

    const stats = await getStats(everyTenant, { tenantId: tenant.id, window: "1h" });
    expect(stats.attempts).toBe(7);
    const byEndpoint = Object.fromEntries(stats.endpoints.map((e) => [e.endpointId, e]));
    expect(byEndpoint[good.id]?.deliveries).toEqual({ pending: 0, succeeded: 4, failed: 0 });
    expect(byEndpoint[good.id]?.successRate).toBe(1);
    expect(byEndpoint[bad.id]?.deliveries).toEqual({ pending: 1, succeeded: 0, failed: 1 });
    expect(byEndpoint[bad.id]?.latencyMs).toEqual({ p50: null, p95: null });
  });

  it("a delivery ended by a disabled endpoint counts once, with no attempt", async () => {
    const tenant = await newTenant("rollup-disabled");
    const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: healthy.url });
    await db.endpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
    const deliveryId = await deliver(tenant.id, endpoint.id, SECOND);
    await attemptDelivery(deliveryId, "schedule", 2);

    const stats = await getStats(everyTenant, { tenantId: tenant.id, window: "1h" });
    expect(stats.endpoints[0]?.deliveries).toEqual({ pending: 0, succeeded: 0, failed: 1 });
    expect(stats.attempts).toBe(0);
  });

  it("read each window exactly, to the minute, from hour and minute counters", async () => {
    const tenant = await newTenant("rollup-windows");
    for (const ago of [
      30 * MINUTE, // every window
      59 * MINUTE, // every window, the 1h one at its first minute
      2 * HOUR,
      24 * HOUR - 2 * MINUTE, // 24h at its first minutes, counted from a minute counter
      24 * HOUR + 2 * MINUTE, // not 24h, though it may share an hour counter with the one before
      3 * DAY,
      29 * DAY,
      31 * DAY, // none
    ]) {
      await eventReceived(tenant.id, ago);
    }
    const eventsIn = async (window: "1h" | "24h" | "7d" | "30d") =>
      (await getOverview(everyTenant, { tenantId: tenant.id, window })).totals.eventsIn;
    expect(await eventsIn("1h")).toBe(2);
    expect(await eventsIn("24h")).toBe(4);
    expect(await eventsIn("7d")).toBe(6);
    expect(await eventsIn("30d")).toBe(7);

    const month = await getOverview(everyTenant, { tenantId: tenant.id, window: "30d" });
    expect(month.stepMs).toBe(6 * HOUR);
    expect(month.series.reduce((n, point) => n + point.eventsIn, 0)).toBe(7);
    for (const point of month.series) expect(point.at.getTime() % (6 * HOUR)).toBe(0);
  });

  it("bucket by UTC whatever zone the session that stores events runs in", async () => {
    const tenant = await newTenant("rollup-zone");
    // Kathmandu is UTC+05:45: its local hours start at a quarter past a UTC hour.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    let receivedAt: Date;
    try {
      await client.query("SET TIME ZONE 'Asia/Kathmandu'");
      const { rows } = await client.query<{ receivedAt: Date }>(
        `INSERT INTO "Event" (id, "tenantId", type, payload, "updatedAt", "receivedAt")
         VALUES ($1, $2, 'zoned', '{}', now(), date_trunc('hour', now() - interval '3 days') + interval '50 minutes')
         RETURNING "receivedAt"`,
        [newId("event"), tenant.id],
      );
      receivedAt = rows[0]?.receivedAt ?? new Date(0);
    } finally {
      await client.end();
    }
    const rows = await db.eventRollup.findMany({
      where: { tenantId: tenant.id },
      orderBy: { grain: "asc" },
    });
    const at = receivedAt.getTime();
    expect(rows.map((row) => [row.grain, row.bucketStart.getTime(), row.events])).toEqual([
      ["minute", Math.floor(at / MINUTE) * MINUTE, 1],
      ["hour", Math.floor(at / HOUR) * HOUR, 1],
    ]);
    const week = await getOverview(everyTenant, { tenantId: tenant.id, window: "7d" });
    expect(week.totals.eventsIn).toBe(1);
    const point = week.series.find((p) => p.eventsIn === 1);
    expect(point?.at.getTime()).toBe(Math.floor(at / (2 * HOUR)) * 2 * HOUR);
  });

  it("place latencies in the histogram's buckets as the TypeScript reader expects", async () => {
    const samples = [0, 1, 2, 3, 7, 100, 999, 1000, 1025, 60_000, 3_600_000, 10 ** 9];
    const rows = await db.$queryRaw<{ ms: number; bucket: number }[]>`
      SELECT ms, latency_bucket(ms) AS bucket FROM unnest(${samples}::float8[]) AS ms`;
    expect(rows.map((row) => row.bucket)).toEqual(samples.map(bucketOf));
  });
});
