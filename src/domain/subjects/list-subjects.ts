import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { toPage } from "@/domain/pagination";
import { Prisma } from "@/generated/prisma/client";
import { fieldFilters, type ListSubjectsInput } from "./schemas";
import { subjectStateSelect, toSubjectState } from "./subject-row";

/**
 * Subjects, most recently active first, with how many events each has. The page is found in
 * SQL: the boundary is a range on (lastEventAt, id), which the (…, lastEventAt) indexes seek
 * to, and searchable fields match with `fields @> {...}` on their GIN index (Prisma's JSON
 * filters cannot say `@>` of an object).
 */
export async function listSubjects(scope: Scope, filter: ListSubjectsInput) {
  const conditions = [Prisma.sql`true`];
  const tenant = tenantFilter(scope, filter.tenantId);
  if (typeof tenant === "string") conditions.push(Prisma.sql`s."tenantId" = ${tenant}`);
  else if (tenant) conditions.push(Prisma.sql`s."tenantId" = ANY(${tenant.in})`);
  if (filter.sourceId) conditions.push(Prisma.sql`s."sourceId" = ${filter.sourceId}`);
  if (filter.status) conditions.push(Prisma.sql`s.status = ${filter.status}`);
  if (filter.terminal !== undefined) conditions.push(Prisma.sql`s.terminal = ${filter.terminal}`);
  const fields = fieldFilters(filter);
  if (Object.keys(fields).length > 0)
    conditions.push(Prisma.sql`s.fields @> ${JSON.stringify(fields)}::jsonb`);
  if (filter.keyPrefix) {
    // A prefix is text: LIKE's wildcards in it are escaped.
    const pattern = `${filter.keyPrefix.replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(Prisma.sql`s.key LIKE ${pattern}`);
  }
  if (filter.cursor) {
    const after = await db.subject.findUnique({
      where: { id: filter.cursor },
      select: { lastEventAt: true, id: true },
    });
    if (!after) return { items: [], nextCursor: null };
    conditions.push(
      Prisma.sql`(s."lastEventAt", s.id) < (${after.lastEventAt}::timestamptz, ${after.id})`,
    );
  }
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "Subject" s
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY s."lastEventAt" DESC, s.id DESC
    LIMIT ${filter.limit + 1}`;
  const rows = await db.subject.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: [{ lastEventAt: "desc" }, { id: "desc" }],
    select: subjectStateSelect,
  });
  const page = toPage(rows, filter.limit);
  const counts = await eventCounts(page.items.map((subject) => subject.id));
  return {
    items: page.items.map((subject) => ({
      ...toSubjectState(subject),
      eventCount: counts.get(subject.id) ?? 0,
    })),
    nextCursor: page.nextCursor,
  };
}

/** Events per subject, counted on the (subjectId, receivedAt) index for one page only. */
async function eventCounts(subjectIds: string[]): Promise<Map<string, number>> {
  if (subjectIds.length === 0) return new Map();
  const groups = await db.event.groupBy({
    by: ["subjectId"],
    where: { subjectId: { in: subjectIds } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.subjectId ?? "", group._count._all]));
}
