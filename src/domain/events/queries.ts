import { inScope, type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { pageArgs, toPage } from "@/domain/pagination";
import type { Prisma } from "@/generated/prisma/client";
import type { ListEventsInput, TimelineEntry } from "./schemas";

/** The columns of an event in lists and timelines. */
export const eventSummarySelect = {
  id: true,
  tenantId: true,
  sourceId: true,
  type: true,
  origin: true,
  status: true,
  error: true,
  receivedAt: true,
  processedAt: true,
  subject: { select: { key: true } },
} satisfies Prisma.EventSelect;

type EventSummaryRow = Prisma.EventGetPayload<{ select: typeof eventSummarySelect }>;

/** Events newest first, filtered by tenant, source, type, status, subject and time range. */
export async function listEvents(scope: Scope, filter: ListEventsInput) {
  const where: Prisma.EventWhereInput = {
    tenantId: tenantFilter(scope, filter.tenantId),
    sourceId: filter.sourceId,
    type: filter.type,
    status: filter.status,
    ...(filter.subject ? { subject: { key: filter.subject } } : {}),
    receivedAt: { gte: filter.from, lte: filter.to },
  };
  const rows = await db.event.findMany({
    where,
    select: eventSummarySelect,
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    ...pageArgs(filter),
  });
  const page = toPage(rows, filter.limit);
  return { items: page.items.map(toEventSummary), nextCursor: page.nextCursor };
}

const eventDetailSelect = {
  ...eventSummarySelect,
  payload: true,
  enrichment: true,
  replayOfId: true,
  handedOffAt: true,
  deliveries: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      endpointId: true,
      status: true,
      attemptCount: true,
      attempts: {
        orderBy: { attemptNumber: "asc" },
        select: {
          attemptNumber: true,
          trigger: true,
          responseStatus: true,
          errorKind: true,
          durationMs: true,
          startedAt: true,
        },
      },
    },
  },
} satisfies Prisma.EventSelect;

type EventDetailRow = Prisma.EventGetPayload<{ select: typeof eventDetailSelect }>;

/**
 * One event with its payload and its timeline: received, processed (or failed, with the
 * error), then every delivery attempt to every endpoint, in the order they happened.
 */
export async function getEvent(scope: Scope, id: string) {
  const event = await db.event.findFirst({
    where: { id, ...inScope(scope) },
    select: eventDetailSelect,
  });
  if (!event) throw new DomainError("not_found", `No event "${id}"`);
  const { deliveries, payload, enrichment, replayOfId, handedOffAt: _handedOff, ...rest } = event;
  return {
    ...toEventSummary(rest),
    payload,
    enrichment,
    replayOfId,
    deliveries: deliveries.map(({ attempts: _attempts, ...delivery }) => delivery),
    timeline: timelineOf(event),
  };
}

function timelineOf(event: EventDetailRow): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: event.receivedAt, kind: "received" }];
  if (event.handedOffAt) entries.push({ at: event.handedOffAt, kind: "handed_off" });
  if (event.processedAt) {
    entries.push(
      event.status === "failed"
        ? { at: event.processedAt, kind: "failed", error: event.error }
        : { at: event.processedAt, kind: "processed" },
    );
  }
  for (const delivery of event.deliveries) {
    for (const attempt of delivery.attempts) {
      entries.push({
        at: attempt.startedAt,
        kind: "attempt",
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        ...attempt,
      });
    }
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function toEventSummary({ subject, ...row }: EventSummaryRow) {
  return { ...row, subject: subject?.key ?? null };
}
