import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { eventSummarySelect, toEventSummary } from "@/domain/events/queries";

const TIMELINE_LIMIT = 500;

/**
 * A subject (a call, a job, an order) by its key: its state and its timeline, oldest event
 * first. Keys are unique per tenant; the admin names the tenant when two tenants share a key.
 */
export async function getSubject(scope: Scope, key: string, tenantId?: string) {
  const subjects = await db.subject.findMany({
    where: { key, tenantId: tenantFilter(scope, tenantId) },
    take: 2,
    include: {
      events: {
        orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
        take: TIMELINE_LIMIT,
        select: { ...eventSummarySelect, payload: true },
      },
    },
  });
  if (subjects.length === 0) throw new DomainError("not_found", `No subject "${key}"`);
  if (subjects.length > 1) {
    throw new DomainError(
      "validation_failed",
      `Several tenants have a subject "${key}"; name one with tenantId`,
    );
  }
  const [{ events, ...subject }] = subjects as [(typeof subjects)[number]];
  return {
    id: subject.id,
    tenantId: subject.tenantId,
    sourceId: subject.sourceId,
    key: subject.key,
    status: subject.status,
    state: subject.state,
    lastEventAt: subject.lastEventAt,
    createdAt: subject.createdAt,
    timeline: events.map(({ payload, ...event }) => ({ ...toEventSummary(event), payload })),
  };
}
