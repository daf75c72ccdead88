import { type Scope, tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { Prisma } from "@/generated/prisma/client";

/**
 * Events in the last 24 hours and the time of the last one, per source the scope may see.
 * Raw SQL: two probes of the (sourceId, receivedAt) index per source, never a scan of events.
 */
export async function sourceActivity(
  scope: Scope,
  filter: { tenantId?: string; sourceId?: string } = {},
) {
  const sources = await db.source.findMany({
    where: { tenantId: tenantFilter(scope, filter.tenantId), id: filter.sourceId },
    select: { id: true },
  });
  if (sources.length === 0) return [];
  return db.$queryRaw<{ sourceId: string; eventsLast24h: number; lastEventAt: Date | null }[]>`
    SELECT s.id AS "sourceId",
      (SELECT count(*)::int FROM "Event" e
        WHERE e."sourceId" = s.id AND e."receivedAt" > now() - interval '24 hours') AS "eventsLast24h",
      (SELECT max(e."receivedAt") FROM "Event" e WHERE e."sourceId" = s.id) AS "lastEventAt"
    FROM "Source" s WHERE s.id IN (${Prisma.join(sources.map((s) => s.id))})`;
}
