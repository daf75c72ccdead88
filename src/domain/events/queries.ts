import { inScope, type Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import type { Prisma } from "@/generated/prisma/client";
import { inboundRequestView } from "./inbound-request";
import type { TimelineEntry } from "./schemas";

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

const eventDetailSelect = {
  ...eventSummarySelect,
  payload: true,
  enrichment: true,
  replayOfId: true,
  handedOffAt: true,
  tenant: { select: { name: true } },
  source: { select: { slug: true, name: true, verification: true, enrichment: true } },
  request: { select: { contentType: true, headers: true, rawBody: true, receivedAt: true } },
  replays: {
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: { id: true, receivedAt: true },
  },
  deliveries: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      endpointId: true,
      endpoint: { select: { url: true } },
      status: true,
      attemptCount: true,
      nextAttemptAt: true,
      attempts: {
        orderBy: { attemptNumber: "asc" },
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
  const {
    deliveries,
    payload,
    enrichment,
    replayOfId,
    replays,
    handedOffAt: _handedOff,
    tenant,
    source,
    request,
    ...rest
  } = event;
  return {
    ...toEventSummary(rest),
    tenantName: tenant.name,
    payload,
    enrichment,
    replayOfId,
    replays,
    source: source && {
      slug: source.slug,
      name: source.name,
      verification: (source.verification as { scheme?: string }).scheme ?? "none",
      enriches: source.enrichment !== null,
    },
    request: request && inboundRequestView(request),
    deliveries: deliveries.map(({ attempts: _attempts, endpoint, ...delivery }) => ({
      ...delivery,
      endpointUrl: endpoint.url,
    })),
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
