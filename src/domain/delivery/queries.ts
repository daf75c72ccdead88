import { inScope, type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { pageArgs, toPage } from "@/domain/pagination";
import type { Prisma } from "@/generated/prisma/client";
import type { ListDeliveriesInput } from "./schemas";

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

/** Deliveries newest first, filtered by event, endpoint, status and time range. */
export async function listDeliveries(scope: Scope, filter: ListDeliveriesInput) {
  const rows = await db.delivery.findMany({
    where: {
      tenantId: tenantFilter(scope, filter.tenantId),
      eventId: filter.eventId,
      endpointId: filter.endpointId,
      status: filter.status,
      createdAt: { gte: filter.from, lte: filter.to },
    },
    select: summary,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(filter),
  });
  return toPage(rows, filter.limit);
}

/** One delivery with every attempt, in attempt order. */
export async function getDelivery(scope: Scope, id: string) {
  const delivery = await db.delivery.findFirst({
    where: { id, ...inScope(scope) },
    select: {
      ...summary,
      event: { select: { type: true } },
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
  const { event, attempts, ...rest } = delivery;
  return {
    ...rest,
    eventType: event.type,
    attempts: attempts.map((attempt) => ({
      ...attempt,
      requestHeaders: attempt.requestHeaders as Record<string, string>,
      responseHeaders: attempt.responseHeaders as Record<string, string> | null,
    })),
  };
}
