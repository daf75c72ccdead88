import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { toPage } from "@/domain/pagination";
import { Prisma } from "@/generated/prisma/client";
import { containmentDocuments } from "./payload-filter";
import type { EventSummaryOut, ListEventsInput } from "./schemas";

/**
 * Events newest first, filtered by tenant, source, type, status, subject, time range and a
 * payload field. SQL rather than Prisma: the payload filter is JSONB containment (`@>`, served
 * by the GIN index), which Prisma's JSON filters cannot express, and the page boundary is a
 * range on (receivedAt, id) that every (…, receivedAt) index can seek to.
 */
export async function listEvents(scope: Scope, filter: ListEventsInput) {
  const conditions = [...filterConditions(scope, filter)];
  if (filter.cursor) {
    const after = await db.event.findUnique({
      where: { id: filter.cursor },
      select: { receivedAt: true, id: true },
    });
    if (!after) return { items: [], nextCursor: null };
    conditions.push(
      Prisma.sql`e."receivedAt" <= ${after.receivedAt}`,
      Prisma.sql`(e."receivedAt" < ${after.receivedAt} OR e.id < ${after.id})`,
    );
  }
  const rows = await db.$queryRaw<EventSummaryOut[]>`
    SELECT e.id, e."tenantId", e."sourceId", e.type, e.origin::text AS origin,
           e.status::text AS status, e.error, e."receivedAt", e."processedAt", s.key AS subject
    FROM "Event" e LEFT JOIN "Subject" s ON s.id = e."subjectId"
    WHERE ${conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`}
    ORDER BY e."receivedAt" DESC, e.id DESC
    LIMIT ${filter.limit + 1}`;
  return toPage(rows, filter.limit);
}

function* filterConditions(scope: Scope, filter: ListEventsInput): Generator<Prisma.Sql> {
  const tenant = tenantFilter(scope, filter.tenantId);
  const tenantIds = typeof tenant === "string" ? [tenant] : tenant?.in;
  // One tenant (the usual case) as an equality: the (tenantId, …) indexes seek to it.
  if (tenantIds?.length === 1) yield Prisma.sql`e."tenantId" = ${tenantIds[0]}`;
  else if (tenantIds) yield Prisma.sql`e."tenantId" = ANY(${tenantIds})`;
  if (filter.sourceId) yield Prisma.sql`e."sourceId" = ${filter.sourceId}`;
  if (filter.type) yield Prisma.sql`e.type = ${filter.type}`;
  if (filter.status) yield Prisma.sql`e.status = CAST(${filter.status} AS "EventStatus")`;
  if (filter.subject) {
    yield Prisma.sql`e."subjectId" IN (SELECT id FROM "Subject" WHERE key = ${filter.subject})`;
  }
  if (filter.from) yield Prisma.sql`e."receivedAt" >= ${filter.from}`;
  if (filter.to) yield Prisma.sql`e."receivedAt" <= ${filter.to}`;
  if (filter.payloadPath !== undefined || filter.payloadValue !== undefined) {
    if (filter.payloadPath === undefined || filter.payloadValue === undefined) {
      throw new DomainError(
        "validation_failed",
        "Search a payload field with both payloadPath and payloadValue",
      );
    }
    const matches = containmentDocuments(filter.payloadPath, filter.payloadValue).map(
      (document) => Prisma.sql`e.payload @> CAST(${document} AS jsonb)`,
    );
    yield Prisma.sql`(${Prisma.join(matches, " OR ")})`;
  }
}
