import type { Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DeliveryStatus } from "@/generated/prisma/enums";
import { getEndpointRow } from "./endpoints";

/**
 * An endpoint's newest deliveries, each with its event's type and its last attempt. One
 * short scan per status on the (endpointId, status, createdAt) index, merged here: an
 * endpoint with millions of deliveries answers as fast as a new one.
 */
export async function recentDeliveries(scope: Scope, endpointId: string, limit: number) {
  await getEndpointRow(scope, endpointId);
  const newest = await Promise.all(
    Object.values(DeliveryStatus).map((status) =>
      db.delivery.findMany({
        where: { endpointId, status },
        orderBy: { createdAt: "desc" },
        take: limit,
        select: { id: true, createdAt: true },
      }),
    ),
  );
  const ids = newest
    .flat()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
    .slice(0, limit)
    .map((delivery) => delivery.id);
  const rows = await db.delivery.findMany({
    where: { id: { in: ids } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: {
      event: { select: { type: true } },
      attempts: {
        orderBy: { attemptNumber: "desc" },
        take: 1,
        select: {
          attemptNumber: true,
          trigger: true,
          responseStatus: true,
          error: true,
          errorKind: true,
          durationMs: true,
          startedAt: true,
        },
      },
    },
  });
  return rows.map(({ event, attempts, updatedAt: _updatedAt, ...delivery }) => ({
    ...delivery,
    eventType: event.type,
    lastAttempt: attempts[0] ?? null,
  }));
}
