import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { toPage } from "@/domain/pagination";
import type { Prisma } from "@/generated/prisma/client";
import type { ListSubjectsInput } from "./schemas";

/**
 * Subjects, most recently active first, with how many events each has. The page boundary is
 * a range on (lastEventAt, id), which the (…, lastEventAt) indexes seek to.
 */
export async function listSubjects(scope: Scope, filter: ListSubjectsInput) {
  const where: Prisma.SubjectWhereInput = {
    tenantId: tenantFilter(scope, filter.tenantId),
    sourceId: filter.sourceId,
    status: filter.status,
    // Prisma passes `%` and `_` on to LIKE as wildcards: a prefix is text, so they are escaped.
    ...(filter.keyPrefix
      ? { key: { startsWith: filter.keyPrefix.replace(/[\\%_]/g, "\\$&") } }
      : {}),
  };
  if (filter.cursor) {
    const after = await db.subject.findUnique({
      where: { id: filter.cursor },
      select: { lastEventAt: true, id: true },
    });
    if (!after) return { items: [], nextCursor: null };
    where.AND = [
      { lastEventAt: { lte: after.lastEventAt } },
      { OR: [{ lastEventAt: { lt: after.lastEventAt } }, { id: { lt: after.id } }] },
    ];
  }
  const rows = await db.subject.findMany({
    where,
    orderBy: [{ lastEventAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    select: {
      id: true,
      tenantId: true,
      sourceId: true,
      key: true,
      status: true,
      state: true,
      lastEventAt: true,
      createdAt: true,
    },
  });
  const page = toPage(rows, filter.limit);
  const counts = await eventCounts(page.items.map((subject) => subject.id));
  return {
    items: page.items.map((subject) => ({ ...subject, eventCount: counts.get(subject.id) ?? 0 })),
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
