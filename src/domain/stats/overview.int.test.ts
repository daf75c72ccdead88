import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createTenant } from "@/domain/tenants/tenants";
import { newId } from "@/lib/ids";
import { getOverview } from "./overview";

describe("getOverview", () => {
  it("counts events by status, with zero for statuses that have none", async () => {
    const before = await getOverview(everyTenant);
    const tenant = await createTenant(everyTenant, {
      name: "Stats",
      slug: `stats-${randomBytes(4).toString("hex")}`,
    });
    await db.event.createMany({
      data: ["completed", "completed", "failed"].map((status) => ({
        id: newId("event"),
        tenantId: tenant.id,
        type: "test.counted",
        status: status as "completed" | "failed",
        payload: {},
      })),
    });

    const after = await getOverview(everyTenant);
    expect(after.tenants).toBe(before.tenants + 1);
    expect(after.events.completed).toBe(before.events.completed + 2);
    expect(after.events.failed).toBe(before.events.failed + 1);
    expect(after.events.processing).toBe(before.events.processing);
    expect(Object.keys(after.deliveries).sort()).toEqual(["failed", "pending", "succeeded"]);
  });
});
