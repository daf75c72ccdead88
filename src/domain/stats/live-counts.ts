import { db } from "@/domain/db";

type TenantFilter = string | { in: string[] } | undefined;

// What rollups cannot say, because it changes after the fact: statuses that are not final.
// Both are few rows, found through an index on status.

/** Events received since `from` and not completed (yet), per tenant and status. */
export async function unfinishedEvents(tenant: TenantFilter, from: Date) {
  const groups = await db.event.groupBy({
    by: ["tenantId", "status"],
    where: {
      tenantId: tenant,
      status: { in: ["received", "processing", "failed"] },
      receivedAt: { gte: from },
    },
    _count: { _all: true },
  });
  return groups.map((group) => ({
    tenantId: group.tenantId,
    status: group.status,
    count: group._count._all,
  }));
}

/** Deliveries created since `from` and still pending, per endpoint. */
export async function pendingDeliveries(tenant: TenantFilter, from: Date) {
  const groups = await db.delivery.groupBy({
    by: ["tenantId", "endpointId"],
    where: { tenantId: tenant, status: "pending", createdAt: { gte: from } },
    _count: { _all: true },
  });
  return groups.map((group) => ({
    tenantId: group.tenantId,
    endpointId: group.endpointId,
    count: group._count._all,
  }));
}
