import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyTenant, type Scope, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { attemptDelivery } from "@/domain/delivery/attempt";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { newId } from "@/lib/ids";
import { newSource, newTenant } from "../../../tests/support/inbound-kit";
import { startReceiver } from "../../../tests/support/receiver";
import { getStats } from "./breakdown";
import { getOverview } from "./overview";

process.env.ALLOW_PRIVATE_ENDPOINTS = "true";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  // Events that say so fail at the receiver.
  receiver = await startReceiver((_n, request) => ({
    status: JSON.parse(request.body).data.fail ? 500 : 200,
  }));
});
afterAll(() => receiver.stop());

/** A tenant with a source, an endpoint and one completed event per outcome, delivered once. */
async function tenantWithTraffic(prefix: string, outcomes: ("ok" | "fail")[]) {
  const tenant = await newTenant(prefix);
  await newSource(tenant.id, prefix);
  const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
  for (const outcome of outcomes) {
    const event = await db.event.create({
      data: {
        id: newId("event"),
        tenantId: tenant.id,
        type: "t",
        payload: { fail: outcome === "fail" },
        status: "completed",
      },
    });
    const delivery = await db.delivery.create({
      data: {
        id: newId("delivery"),
        tenantId: tenant.id,
        eventId: event.id,
        endpointId: endpoint.id,
      },
    });
    // Past the end of the retry schedule: a failure is final.
    await attemptDelivery(delivery.id, "schedule", 99);
  }
  return { tenant, endpoint };
}

describe("stats for a tenant", () => {
  it("show only its own tenant, whatever it asks for", async () => {
    const mine = await tenantWithTraffic("stats-mine", ["ok", "ok", "ok"]);
    const theirs = await tenantWithTraffic("stats-theirs", ["ok", "fail", "fail", "ok", "ok"]);
    const member: Scope = tenantScope(mine.tenant.id);

    const overview = await getOverview(member, {});
    expect(overview).toMatchObject({
      tenants: 1,
      sources: 1,
      endpoints: 1,
      tenantId: null,
      events: { received: 0, processing: 0, completed: 3, failed: 0 },
      totals: { eventsIn: 3, deliveriesOut: 3, attempts: 3 },
    });
    expect(overview.tenantChoices).toEqual([{ id: mine.tenant.id, name: mine.tenant.name }]);
    expect(overview.failingEndpoints.every((e) => e.tenantId === mine.tenant.id)).toBe(true);

    await expect(getOverview(member, { tenantId: theirs.tenant.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getStats(member, { tenantId: theirs.tenant.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    const stats = await getStats(member, { window: "30d" });
    expect(stats.tenants.map((t) => t.tenantId)).toEqual([mine.tenant.id]);
    expect(stats.endpoints.map((e) => e.endpointId)).toEqual([mine.endpoint.id]);
    expect(stats.attempts).toBe(3);
  });

  it("staff see every tenant, or the one they pick", async () => {
    const one = await tenantWithTraffic("stats-one", ["ok", "fail"]);
    const two = await tenantWithTraffic("stats-two", ["ok", "fail", "ok", "fail"]);

    const picked = await getOverview(everyTenant, { tenantId: two.tenant.id, window: "1h" });
    expect(picked).toMatchObject({ tenants: 1, endpoints: 1, tenantId: two.tenant.id });
    expect(picked.totals).toMatchObject({ eventsIn: 4, deliveriesOut: 4 });
    expect(picked.deliveries).toEqual({ pending: 0, succeeded: 2, failed: 2 });

    const all = await getOverview(everyTenant, { window: "1h" });
    expect(all.tenantChoices.map((t) => t.id)).toEqual(
      expect.arrayContaining([one.tenant.id, two.tenant.id]),
    );
    expect(all.tenants).toBe(all.tenantChoices.length);
    expect(all.totals.eventsIn).toBeGreaterThanOrEqual(6);
  });
});
