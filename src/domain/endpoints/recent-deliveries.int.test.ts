import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { everyTenant, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createTenant } from "@/domain/tenants/tenants";
import type { DeliveryStatus } from "@/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { createEndpoint } from "./endpoints";
import { recentDeliveries } from "./recent-deliveries";

const newTenant = (prefix: string) =>
  createTenant(everyTenant, { name: prefix, slug: `${prefix}-${randomBytes(4).toString("hex")}` });

describe("recentDeliveries", () => {
  it("merges the newest of every status, each with its event type and last attempt", async () => {
    const tenant = await newTenant("recent");
    const endpoint = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: "http://127.0.0.1:9/recent",
    });
    const statuses: DeliveryStatus[] = ["succeeded", "failed", "pending", "succeeded", "failed"];
    const ids: string[] = [];
    for (const [i, status] of statuses.entries()) {
      const eventId = newId("event");
      await db.event.create({
        data: { id: eventId, tenantId: tenant.id, type: `order.n${i}`, payload: {} },
      });
      const id = newId("delivery");
      ids.push(id);
      await db.delivery.create({
        data: {
          id,
          tenantId: tenant.id,
          eventId,
          endpointId: endpoint.id,
          status,
          createdAt: new Date(Date.UTC(2026, 10, 29, 10, i)),
        },
      });
      for (const attemptNumber of i === 4 ? [1, 2] : []) {
        await db.deliveryAttempt.create({
          data: {
            id: newId("attempt"),
            deliveryId: id,
            attemptNumber,
            responseStatus: 500 + attemptNumber,
            durationMs: 12,
          },
        });
      }
    }

    const recent = await recentDeliveries(tenantScope(tenant.id), endpoint.id, 3);
    expect(recent.map((d) => d.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(recent.map((d) => d.eventType)).toEqual(["order.n4", "order.n3", "order.n2"]);
    expect(recent[0]?.lastAttempt).toMatchObject({ attemptNumber: 2, responseStatus: 502 });
    expect(recent[1]?.lastAttempt).toBeNull();

    const stranger = await newTenant("recent-stranger");
    await expect(recentDeliveries(tenantScope(stranger.id), endpoint.id, 3)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
