import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { everyTenant, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createTenant } from "@/domain/tenants/tenants";
import type { DeliveryStatus } from "@/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { endpointActivity } from "./activity";
import { createEndpoint } from "./endpoints";

const HOUR = 3_600_000;
// Half past ten: the current hour started 30 minutes ago.
const now = new Date("2026-11-29T10:30:00.000Z");

async function tenantWithEndpoint(prefix: string) {
  const tenant = await createTenant(everyTenant, {
    name: prefix,
    slug: `${prefix}-${randomBytes(4).toString("hex")}`,
  });
  const endpoint = await createEndpoint(everyTenant, {
    tenantId: tenant.id,
    url: "http://127.0.0.1:9/activity",
  });
  return { tenant, endpoint };
}

/** Deliveries to the endpoint created `hoursAgo` before `now`, one event each. */
async function deliveries(
  tenantId: string,
  endpointId: string,
  rows: { hoursAgo: number; status: DeliveryStatus }[],
) {
  const events = rows.map(() => newId("event"));
  await db.event.createMany({
    data: events.map((id) => ({ id, tenantId, type: "claim.opened", payload: {} })),
  });
  await db.delivery.createMany({
    data: rows.map((row, i) => ({
      id: newId("delivery"),
      tenantId,
      endpointId,
      eventId: events[i] ?? "",
      status: row.status,
      createdAt: new Date(now.getTime() - row.hoursAgo * HOUR),
    })),
  });
}

describe("endpointActivity", () => {
  it("counts each endpoint's last 24 hours by clock hour, with the success rate of finished ones", async () => {
    const { tenant, endpoint } = await tenantWithEndpoint("activity");
    await deliveries(tenant.id, endpoint.id, [
      { hoursAgo: 0.1, status: "succeeded" },
      { hoursAgo: 0.2, status: "failed" },
      { hoursAgo: 0.25, status: "pending" },
      { hoursAgo: 1, status: "succeeded" },
      { hoursAgo: 22.9, status: "succeeded" },
      // Before the first hour of the window: not counted.
      { hoursAgo: 23.6, status: "failed" },
      { hoursAgo: 30, status: "failed" },
    ]);

    const activity = await endpointActivity(tenantScope(tenant.id), {}, now);
    expect(activity.since).toEqual(new Date("2026-11-28T11:00:00.000Z"));
    expect(activity.items).toHaveLength(1);
    const [item] = activity.items;
    expect(item).toMatchObject({ endpointId: endpoint.id, succeeded: 3, failed: 1, pending: 1 });
    expect(item?.successRate).toBe(0.75);
    expect(item?.hours).toHaveLength(24);
    expect(item?.hours[23]).toEqual({
      at: new Date("2026-11-29T10:00:00.000Z"),
      succeeded: 1,
      failed: 1,
      pending: 1,
    });
    expect(item?.hours[22]).toMatchObject({ succeeded: 1, failed: 0, pending: 0 });
    expect(item?.hours[0]).toMatchObject({ at: activity.since, succeeded: 1, failed: 0 });
    expect(item?.hours.slice(1, 22).every((h) => h.succeeded + h.failed + h.pending === 0)).toBe(
      true,
    );
  });

  it("keeps tenants apart: another tenant sees none of it, and may not ask for it", async () => {
    const own = await tenantWithEndpoint("activity-own");
    const other = await tenantWithEndpoint("activity-other");
    await deliveries(own.tenant.id, own.endpoint.id, [{ hoursAgo: 1, status: "succeeded" }]);
    await deliveries(other.tenant.id, other.endpoint.id, [{ hoursAgo: 2, status: "failed" }]);

    const seen = await endpointActivity(tenantScope(other.tenant.id), {}, now);
    expect(seen.items.map((item) => item.endpointId)).toEqual([other.endpoint.id]);
    expect(
      await endpointActivity(tenantScope(other.tenant.id), { endpointId: own.endpoint.id }, now),
    ).toMatchObject({ items: [] });
    await expect(
      endpointActivity(tenantScope(other.tenant.id), { tenantId: own.tenant.id }, now),
    ).rejects.toMatchObject({ code: "forbidden" });

    // Staff see every tenant's endpoints, or one tenant's when they filter.
    const all = await endpointActivity(everyTenant, {}, now);
    const ids = all.items.map((item) => item.endpointId);
    expect(ids).toEqual(expect.arrayContaining([own.endpoint.id, other.endpoint.id]));
    const filtered = await endpointActivity(everyTenant, { tenantId: own.tenant.id }, now);
    expect(filtered.items.map((item) => item.endpointId)).toEqual([own.endpoint.id]);
    expect(filtered.items[0]?.successRate).toBe(1);
  });
});
