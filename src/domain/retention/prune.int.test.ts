import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { everyTenant, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { newId } from "@/lib/ids";
import { pruneTenant } from "./prune";
import { MINUTE_ROLLUP_DAYS, pruneMinuteRollups, pruneTenantsRound } from "./rounds";

const DAY = 86_400_000;

async function newTenant(retentionDays: number) {
  const tenant = await createTenant(everyTenant, {
    name: "Kept",
    slug: `kept-${randomBytes(4).toString("hex")}`,
    retentionDays,
  });
  const source = await createSource(everyTenant, {
    tenantId: tenant.id,
    slug: `src-${randomBytes(4).toString("hex")}`,
    name: "Leads",
    verification: { scheme: "none" },
  });
  const endpoints = [
    await createEndpoint(everyTenant, { tenantId: tenant.id, url: "http://127.0.0.1:9/a" }),
    await createEndpoint(everyTenant, { tenantId: tenant.id, url: "http://127.0.0.1:9/b" }),
  ];
  return { tenant, source, endpoints };
}

type Fixture = Awaited<ReturnType<typeof newTenant>>;

/**
 * An inbound request and its event received `daysAgo`, delivered to both endpoints with two
 * attempts each (2 + 4 rows); the rows it made, by table.
 */
async function receivedDaysAgo({ tenant, source, endpoints }: Fixture, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * DAY);
  const requestId = newId("request");
  await db.inboundRequest.create({
    data: {
      id: requestId,
      tenantId: tenant.id,
      sourceId: source.id,
      receivedAt: at,
      contentType: "application/json",
      rawBody: Buffer.from("{}"),
      headers: {},
      outcome: {},
    },
  });
  const eventId = newId("event");
  await db.event.create({
    data: {
      id: eventId,
      tenantId: tenant.id,
      sourceId: source.id,
      requestId,
      type: "lead.updated",
      payload: {},
      receivedAt: at,
    },
  });
  const deliveryIds: string[] = [];
  for (const endpoint of endpoints) {
    const id = newId("delivery");
    deliveryIds.push(id);
    await db.delivery.create({
      data: { id, tenantId: tenant.id, eventId, endpointId: endpoint.id, createdAt: at },
    });
    for (const attemptNumber of [1, 2]) {
      await db.deliveryAttempt.create({
        data: { id: newId("attempt"), deliveryId: id, attemptNumber, durationMs: 5, startedAt: at },
      });
    }
  }
  return { requestId, eventId, deliveryIds };
}

/** What is left of a tenant's history, counted per table. */
async function remaining(tenantId: string) {
  const deliveries = await db.delivery.findMany({ where: { tenantId }, select: { id: true } });
  return {
    requests: await db.inboundRequest.count({ where: { tenantId } }),
    events: await db.event.count({ where: { tenantId } }),
    deliveries: deliveries.length,
    attempts: await db.deliveryAttempt.count({
      where: { deliveryId: { in: deliveries.map((d) => d.id) } },
    }),
  };
}

describe("pruneTenant", () => {
  it("deletes exactly what is past each tenant's own retention, rollups stay", async () => {
    const week = await newTenant(7);
    const month = await newTenant(30);
    const oldForWeek = await receivedDaysAgo(week, 8);
    const recentForWeek = await receivedDaysAgo(week, 6);
    const middleForMonth = await receivedDaysAgo(month, 8);
    const oldForMonth = await receivedDaysAgo(month, 31);
    const rollupsBefore = await db.eventRollup.findMany({
      where: { tenantId: { in: [week.tenant.id, month.tenant.id] } },
    });
    expect(rollupsBefore.length).toBeGreaterThan(0);

    const pruned = await pruneTenant(everyTenant, week.tenant.id);
    expect(pruned).toMatchObject({
      requests: 1,
      events: 1,
      deliveries: 2,
      attempts: 4,
      done: true,
    });
    expect(await remaining(week.tenant.id)).toEqual({
      requests: 1,
      events: 1,
      deliveries: 2,
      attempts: 4,
    });
    expect(await db.event.findUnique({ where: { id: oldForWeek.eventId } })).toBeNull();
    expect(await db.inboundRequest.findUnique({ where: { id: oldForWeek.requestId } })).toBeNull();
    expect(await db.event.findUnique({ where: { id: recentForWeek.eventId } })).not.toBeNull();
    // The other tenant, at 8 days too, keeps everything until its own round.
    expect(await remaining(month.tenant.id)).toEqual({
      requests: 2,
      events: 2,
      deliveries: 4,
      attempts: 8,
    });

    await pruneTenant(everyTenant, month.tenant.id);
    expect(await db.event.findUnique({ where: { id: oldForMonth.eventId } })).toBeNull();
    expect(await db.event.findUnique({ where: { id: middleForMonth.eventId } })).not.toBeNull();
    expect(await remaining(month.tenant.id)).toEqual({
      requests: 1,
      events: 1,
      deliveries: 2,
      attempts: 4,
    });
    const rollupsAfter = await db.eventRollup.findMany({
      where: { tenantId: { in: [week.tenant.id, month.tenant.id] } },
    });
    expect(rollupsAfter).toEqual(rollupsBefore);
  });

  it("deletes in batches of batchSize rows per statement until nothing expired is left", async () => {
    const fixture = await newTenant(1);
    for (let i = 0; i < 5; i++) await receivedDaysAgo(fixture, 2 + i);
    const recent = await receivedDaysAgo(fixture, 0);

    const pruned = await pruneTenant(everyTenant, fixture.tenant.id, { batchSize: 2 });
    expect(pruned).toMatchObject({
      requests: 5,
      events: 5,
      deliveries: 10,
      attempts: 20,
      done: true,
    });
    // 20 attempts at 2 a statement are 10 statements at least; 10 deliveries 5; 5 events 3;
    // 5 requests 3.
    expect(pruned.statements).toBeGreaterThanOrEqual(10 + 5 + 3 + 3);
    expect(await remaining(fixture.tenant.id)).toEqual({
      requests: 1,
      events: 1,
      deliveries: 2,
      attempts: 4,
    });
    expect(await db.event.findUnique({ where: { id: recent.eventId } })).not.toBeNull();
  });

  it("also deletes an expired event's delivery made after the cutoff, attempts first", async () => {
    const fixture = await newTenant(3);
    const late = await receivedDaysAgo(fixture, 5);
    await db.delivery.updateMany({
      where: { id: { in: late.deliveryIds } },
      data: { createdAt: new Date(Date.now() - DAY) },
    });
    const pruned = await pruneTenant(everyTenant, fixture.tenant.id);
    expect(pruned).toMatchObject({ events: 1, deliveries: 2, attempts: 4, requests: 1 });
    expect(await remaining(fixture.tenant.id)).toEqual({
      requests: 0,
      events: 0,
      deliveries: 0,
      attempts: 0,
    });
  });

  it("keeps a replay whose original expires, and stops when the budget is used", async () => {
    const fixture = await newTenant(2);
    const original = await receivedDaysAgo(fixture, 3);
    const replayId = newId("event");
    await db.event.create({
      data: {
        id: replayId,
        tenantId: fixture.tenant.id,
        type: "lead.updated",
        origin: "replay",
        replayOfId: original.eventId,
        payload: {},
      },
    });
    const outOfTime = await pruneTenant(everyTenant, fixture.tenant.id, { budgetMs: 0 });
    expect(outOfTime).toMatchObject({ events: 0, done: false });

    await pruneTenant(everyTenant, fixture.tenant.id);
    expect(await db.event.findUnique({ where: { id: replayId } })).toMatchObject({
      replayOfId: null,
    });
  });

  it("refuses a tenant outside the scope", async () => {
    const fixture = await newTenant(1);
    const other = await newTenant(1);
    await expect(
      pruneTenant(tenantScope(other.tenant.id), fixture.tenant.id),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("pruneTenantsRound", () => {
  it("goes through tenants in id order and says where to go on when out of time", async () => {
    const fixture = await newTenant(1);
    await receivedDaysAgo(fixture, 2);
    const cut = await pruneTenantsRound(tenantScope(fixture.tenant.id), { budgetMs: 0 });
    expect(cut).toEqual({ deleted: 0, next: fixture.tenant.id });
    const full = await pruneTenantsRound(tenantScope(fixture.tenant.id), { from: cut.next });
    expect(full).toEqual({ deleted: 1 + 1 + 2 + 4, next: null });
  });
});

describe("pruneMinuteRollups", () => {
  it("deletes minute rollups past their bound and keeps hour rollups", async () => {
    const { tenant } = await newTenant(1);
    const old = new Date(Date.now() - (MINUTE_ROLLUP_DAYS + 1) * DAY);
    const young = new Date(Date.now() - (MINUTE_ROLLUP_DAYS - 1) * DAY);
    old.setUTCHours(0, 0, 0, 0);
    young.setUTCHours(0, 0, 0, 0);
    await db.eventRollup.createMany({
      data: [
        { grain: "minute", bucketStart: old, tenantId: tenant.id, events: 1 },
        { grain: "hour", bucketStart: old, tenantId: tenant.id, events: 1 },
        { grain: "minute", bucketStart: young, tenantId: tenant.id, events: 1 },
      ],
    });
    await db.deliveryRollup.create({
      data: { grain: "minute", bucketStart: old, tenantId: tenant.id, endpointId: "ep_x" },
    });
    expect(await pruneMinuteRollups(tenantScope(tenant.id), { batchSize: 1 })).toBe(2);
    const left = await db.eventRollup.findMany({
      where: { tenantId: tenant.id, bucketStart: { in: [old, young] } },
      orderBy: { grain: "asc" },
    });
    expect(left.map((r) => [r.grain, r.bucketStart])).toEqual([
      ["minute", young],
      ["hour", old],
    ]);
    expect(await db.deliveryRollup.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
