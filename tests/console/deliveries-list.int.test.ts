import { beforeAll, describe, expect, it } from "vitest";
import { everyTenant, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { getDelivery, listDeliveries } from "@/domain/delivery/queries";
import { type BrowseDeliveriesInput, browseDeliveriesInput } from "@/domain/delivery/schemas";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import type { DeliveryStatus } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { newTenant } from "../support/inbound-kit";

// The console's deliveries list and detail, on rows written directly: their times, statuses
// and attempts are exactly what each test needs.

const base = new Date("2026-06-01T12:00:00Z").getTime();
const minutes = (n: number) => new Date(base + n * 60_000);

let tenantId: string;
let otherTenantId: string;
let endpointId: string;
/** Delivery ids by the minute they were created at. */
const byMinute = new Map<number, string>();

async function addDelivery(
  minute: number,
  status: DeliveryStatus,
  attempts: { status: number | null; errorKind?: string }[] = [],
  owner = { tenantId, endpointId },
) {
  const id = newId("delivery");
  await db.delivery.create({
    data: {
      id,
      ...owner,
      // One event reaches an endpoint once: each delivery here gets an event of its own.
      eventId: await newEvent(owner.tenantId),
      status,
      attemptCount: attempts.length,
      createdAt: minutes(minute),
      attempts: {
        create: attempts.map((attempt, i) => ({
          id: newId("attempt"),
          attemptNumber: i + 1,
          responseStatus: attempt.status,
          errorKind: attempt.errorKind ?? null,
          durationMs: 12,
          requestHeaders: { "webhook-id": "x" },
        })),
      },
    },
  });
  byMinute.set(minute, id);
  return id;
}

async function newEvent(tenant: string, payload: object = { n: 1 }) {
  const id = newId("event");
  await db.event.create({
    data: {
      id,
      tenantId: tenant,
      type: "claim.opened",
      origin: "published",
      payload,
      receivedAt: new Date("2026-06-01T11:59:00Z"),
    },
  });
  return id;
}

const browse = (input: Partial<BrowseDeliveriesInput> = {}, scope = tenantScope(tenantId)) =>
  listDeliveries(scope, browseDeliveriesInput.parse({ tenantId, ...input }));

beforeAll(async () => {
  tenantId = (await newTenant("browse")).id;
  otherTenantId = (await newTenant("browse-other")).id;
  const endpoint = await createEndpoint(everyTenant, { tenantId, url: "http://127.0.0.1:9/a" });
  endpointId = endpoint.id;
  await addDelivery(1, "succeeded", [{ status: 200 }]);
  await addDelivery(2, "failed", [{ status: 500 }, { status: null, errorKind: "timeout" }]);
  await addDelivery(3, "pending", [{ status: 503 }]);
  await addDelivery(4, "succeeded", [{ status: 204 }]);
  await addDelivery(5, "failed", [{ status: 500 }, { status: 502 }]);
  await addDelivery(6, "pending");
  const other = await createEndpoint(everyTenant, {
    tenantId: otherTenantId,
    url: "http://127.0.0.1:9/other",
  });
  await addDelivery(7, "failed", [{ status: 500 }], {
    tenantId: otherTenantId,
    endpointId: other.id,
  });
});

describe("the deliveries list", () => {
  it("shows the failed and pending queue by default, newest first, with each row's details", async () => {
    const page = await browse();
    expect(page.items.map((d) => d.id)).toEqual([6, 5, 3, 2].map((m) => byMinute.get(m)));
    expect(page.nextCursor).toBeNull();
    const [pending, failed] = page.items;
    expect(pending).toMatchObject({
      status: "pending",
      endpointUrl: "http://127.0.0.1:9/a",
      eventType: "claim.opened",
      attemptCount: 0,
      lastResponseStatus: null,
      lastErrorKind: null,
    });
    expect(failed).toMatchObject({ status: "failed", attemptCount: 2, lastResponseStatus: 502 });
    expect(page.items[3]).toMatchObject({ lastResponseStatus: null, lastErrorKind: "timeout" });
  });

  it("filters by one status, all of them, and a time range", async () => {
    const ids = async (input: Partial<BrowseDeliveriesInput>) =>
      (await browse(input)).items.map((d) => d.id);
    expect(await ids({ status: "succeeded" })).toEqual([4, 1].map((m) => byMinute.get(m)));
    expect(await ids({ status: "all" })).toEqual([6, 5, 4, 3, 2, 1].map((m) => byMinute.get(m)));
    expect(await ids({ status: "all", from: minutes(2), to: minutes(4) })).toEqual(
      [4, 3, 2].map((m) => byMinute.get(m)),
    );
    expect(await ids({ status: "failed", endpointId })).toEqual([5, 2].map((m) => byMinute.get(m)));
  });

  it("pages by keyset across the merged statuses without losing or repeating a row", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await browse({ status: "all", limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1].map((m) => byMinute.get(m)));
  });

  it("shows a tenant only its own deliveries; staff see every tenant's", async () => {
    const own = await listDeliveries(
      tenantScope(tenantId),
      browseDeliveriesInput.parse({ status: "all" }),
    );
    expect(own.items.every((d) => d.tenantId === tenantId)).toBe(true);
    await expect(browse({}, tenantScope(otherTenantId))).rejects.toMatchObject({
      code: "forbidden",
    });
    // A cursor from another tenant ends the list instead of revealing where it stood.
    const foreign = await listDeliveries(
      tenantScope(otherTenantId),
      browseDeliveriesInput.parse({ cursor: byMinute.get(5) }),
    );
    expect(foreign.items).toEqual([]);
    // Staff may read another tenant's queue (filtered to it: the shared test database holds
    // newer deliveries of other files, which would push these off an unfiltered first page).
    const staff = await listDeliveries(
      everyTenant,
      browseDeliveriesInput.parse({ tenantId: otherTenantId }),
    );
    expect(staff.items.map((d) => d.id)).toContain(byMinute.get(7));
  });
});

describe("a delivery's detail", () => {
  it("carries the endpoint, the event's type and the body every attempt sent", async () => {
    const id = byMinute.get(5) ?? "";
    const delivery = await getDelivery(tenantScope(tenantId), id);
    expect(delivery).toMatchObject({
      id,
      status: "failed",
      eventType: "claim.opened",
      endpointUrl: "http://127.0.0.1:9/a",
      endpointEnabled: true,
    });
    expect(JSON.parse(delivery.requestBody)).toEqual({
      type: "claim.opened",
      timestamp: "2026-06-01T11:59:00.000Z",
      data: { n: 1 },
    });
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.responseStatus])).toEqual([
      [1, 500],
      [2, 502],
    ]);
    await expect(getDelivery(tenantScope(otherTenantId), id)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
