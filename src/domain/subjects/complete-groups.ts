import type pg from "pg";
import { newId } from "@/lib/ids";

/** What `<type>.completed` carries (PRODUCT.md): the group, its size, its members' outcomes. */
export interface GroupCounts {
  total: number;
  terminal: number;
  statuses: Record<string, number>;
}

/**
 * Publishes `<type>.completed` for every open group of these subjects whose members are now
 * all terminal: exactly once. The group's row lock orders the transactions that close its
 * last members; each counts only after taking it, in a statement that sees the others'
 * commits, so the last one sees every member terminal and the first ones do not. The
 * completion event's publish key is unique per tenant as well. Returns the events published.
 */
export async function completeGroups(client: pg.ClientBase, subjectIds: string[]) {
  const { rows: groups } = await client.query<{
    id: string;
    tenantId: string;
    key: string;
    type: string;
  }>(
    `SELECT g.id, g."tenantId", g.key, g.type FROM "Group" g
     WHERE g."completedAt" IS NULL
       AND g.id IN (SELECT "groupId" FROM "GroupMember" WHERE "subjectId" = ANY($1))
     ORDER BY g.id
     FOR UPDATE OF g`,
    [subjectIds],
  );
  if (groups.length === 0) return [];
  const counts = await countMembers(
    client,
    groups.map((group) => group.id),
  );
  const published: string[] = [];
  for (const group of groups) {
    const count = counts.get(group.id);
    if (!count || count.terminal < count.total) continue;
    const eventId = newId("event");
    const inserted = await client.query(
      `INSERT INTO "Event" (id, "tenantId", type, origin, "publishKey", payload, "updatedAt")
       VALUES ($1, $2, $3, 'published', $4, $5, now())
       ON CONFLICT ("tenantId", "publishKey") WHERE "publishKey" IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        eventId,
        group.tenantId,
        `${group.type}.completed`,
        `group-completed:${group.id}`,
        JSON.stringify({ group: group.key, total: count.total, statuses: count.statuses }),
      ],
    );
    await client.query(
      `UPDATE "Group" SET "completedAt" = now(), "completionEventId" = $2 WHERE id = $1`,
      [group.id, inserted.rowCount ? eventId : null],
    );
    if (inserted.rowCount) published.push(eventId);
  }
  return published;
}

/** Members, terminal members, and how many ended in each status, per group. */
export async function countMembers(
  client: pg.ClientBase | pg.Pool,
  groupIds: string[],
): Promise<Map<string, GroupCounts>> {
  const { rows } = await client.query<{
    groupId: string;
    status: string | null;
    terminal: boolean;
    n: number;
  }>(
    `SELECT gm."groupId", s.status, s.terminal, count(*)::int AS n
     FROM "GroupMember" gm JOIN "Subject" s ON s.id = gm."subjectId"
     WHERE gm."groupId" = ANY($1)
     GROUP BY gm."groupId", s.status, s.terminal`,
    [groupIds],
  );
  const counts = new Map<string, GroupCounts>();
  for (const row of rows) {
    const count = counts.get(row.groupId) ?? { total: 0, terminal: 0, statuses: {} };
    count.total += row.n;
    if (row.terminal) {
      count.terminal += row.n;
      const status = row.status ?? "unknown";
      count.statuses[status] = (count.statuses[status] ?? 0) + row.n;
    }
    counts.set(row.groupId, count);
  }
  return counts;
}
