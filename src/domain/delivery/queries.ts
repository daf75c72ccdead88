import { inScope, type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { toPage } from "@/domain/pagination";
import type { DeliveryStatus, Prisma } from "@/generated/prisma/client";
import { buildDeliveryRequest } from "./build-request";
import type { BrowseDeliveriesInput, DeliveryStatusFilter } from "./schemas";

const summary = {
  id: true,
  tenantId: true,
  eventId: true,
  endpointId: true,
  status: true,
  attemptCount: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  createdAt: true,
} satisfies Prisma.DeliverySelect;

const allStatuses: DeliveryStatus[] = ["pending", "failed", "succeeded"];

function statusesOf(filter: DeliveryStatusFilter): DeliveryStatus[] {
  if (filter === "all") return allStatuses;
  if (filter === "queue") return ["failed", "pending"];
  return [filter];
}

type Row = { id: string; createdAt: Date };
const newestFirst = (a: Row, b: Row) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Deliveries newest first, filtered by tenant, event, endpoint, status and time range, each
 * with its endpoint's URL, its event's type and how its last attempt went. One index scan
 * per status (by endpoint, tenant or status, newest first), merged: the failed and pending
 * queue stays fast among millions of succeeded deliveries. The cursor is the last id of the
 * page before; an unknown one ends the list.
 */
export async function listDeliveries(scope: Scope, filter: BrowseDeliveriesInput) {
  // First: naming a tenant the caller may not see is refused (403), whatever the cursor.
  const tenantId = tenantFilter(scope, filter.tenantId);
  const after = filter.cursor
    ? await db.delivery.findFirst({
        where: { id: filter.cursor, ...inScope(scope) },
        select: { id: true, createdAt: true },
      })
    : null;
  if (filter.cursor && !after) return { items: [], nextCursor: null };
  const where: Prisma.DeliveryWhereInput = {
    tenantId,
    eventId: filter.eventId,
    endpointId: filter.endpointId,
    AND: [
      { createdAt: { gte: filter.from, lte: filter.to } },
      // Keyset: strictly older than the cursor, or as old with a smaller id.
      after
        ? {
            createdAt: { lte: after.createdAt },
            NOT: { createdAt: after.createdAt, id: { gte: after.id } },
          }
        : {},
    ],
  };
  const perStatus = await Promise.all(
    statusesOf(filter.status).map((status) =>
      db.delivery.findMany({
        where: { ...where, status },
        select: {
          ...summary,
          endpoint: { select: { url: true } },
          event: { select: { type: true } },
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: filter.limit + 1,
      }),
    ),
  );
  const page = toPage(perStatus.flat().sort(newestFirst), filter.limit);
  const last = await lastAttempts(page.items.map((delivery) => delivery.id));
  return {
    ...page,
    items: page.items.map(({ endpoint, event, ...delivery }) => ({
      ...delivery,
      endpointUrl: endpoint.url,
      eventType: event.type,
      lastResponseStatus: last.get(delivery.id)?.responseStatus ?? null,
      lastErrorKind: last.get(delivery.id)?.errorKind ?? null,
    })),
  };
}

/** The last attempt of each delivery (a handful of attempts each, by the unique index). */
async function lastAttempts(deliveryIds: string[]) {
  const attempts = await db.deliveryAttempt.findMany({
    where: { deliveryId: { in: deliveryIds } },
    select: { deliveryId: true, attemptNumber: true, responseStatus: true, errorKind: true },
    orderBy: { attemptNumber: "asc" },
  });
  return new Map(attempts.map((attempt) => [attempt.deliveryId, attempt]));
}

/** One delivery with every attempt, in attempt order, and the body those attempts sent. */
export async function getDelivery(scope: Scope, id: string) {
  const delivery = await db.delivery.findFirst({
    where: { id, ...inScope(scope) },
    select: {
      ...summary,
      endpoint: { select: { url: true, enabled: true } },
      event: {
        select: { id: true, type: true, receivedAt: true, payload: true, enrichment: true },
      },
      attempts: {
        orderBy: { attemptNumber: "asc" },
        select: {
          id: true,
          attemptNumber: true,
          trigger: true,
          requestHeaders: true,
          responseStatus: true,
          responseHeaders: true,
          responseBody: true,
          error: true,
          errorKind: true,
          durationMs: true,
          startedAt: true,
        },
      },
    },
  });
  if (!delivery) throw new DomainError("not_found", `No delivery "${id}"`);
  const { event, endpoint, attempts, ...rest } = delivery;
  // The same message attemptDelivery builds; no secrets, so no signature: only its body is kept.
  const { body } = buildDeliveryRequest(
    {
      id: event.id,
      type: event.type,
      timestamp: event.receivedAt,
      data: event.payload,
      enrichment: event.enrichment,
    },
    [],
    {},
  );
  return {
    ...rest,
    eventType: event.type,
    endpointUrl: endpoint.url,
    endpointEnabled: endpoint.enabled,
    requestBody: body,
    attempts: attempts.map((attempt) => ({
      ...attempt,
      requestHeaders: attempt.requestHeaders as Record<string, string>,
      responseHeaders: attempt.responseHeaders as Record<string, string> | null,
    })),
  };
}
