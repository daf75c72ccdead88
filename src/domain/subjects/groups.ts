import type { z } from "zod";
import type { Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db, inSqlTransaction, sqlPool } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { newId } from "@/lib/ids";
import { completeGroups, countMembers } from "./complete-groups";
import { type KeyName, theOneNamed, whereKeyNames } from "./named-by-key";
import { pollAfterMs } from "./poll-schedule";
import { sourceOf } from "./register";
import type { createGroupInput } from "./schemas";

/**
 * A group of subjects (a robot batch) whose completion publishes `<type>.completed` once.
 * Members not seen yet are registered. The member rows are locked while the group is made,
 * so a callback closing a member at the same moment either sees the group or is seen by it:
 * a group whose members are all terminal already completes at once.
 */
export async function createGroup(scope: Scope, input: z.output<typeof createGroupInput>) {
  const source = await sourceOf(scope, input.sourceId);
  const members = [...new Set(input.members)].sort();
  const groupId = newId("group");
  const { published, nextPollAt } = await inSqlTransaction(async (client) => {
    const created = await client.query(
      `INSERT INTO "Group" (id, "tenantId", "sourceId", key, type, total)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ("sourceId", key) DO NOTHING RETURNING id`,
      [groupId, source.tenantId, source.id, input.key, input.type, members.length],
    );
    if (created.rowCount === 0)
      throw new DomainError("conflict", `A group "${input.key}" already exists for this source`);
    // DO UPDATE (not DO NOTHING) takes each member's row lock, in key order.
    const subjects = await client.query<{ id: string; next_poll_at: Date | null }>(
      `INSERT INTO "Subject" (id, "tenantId", "sourceId", key, "nextPollAt", "updatedAt")
       SELECT m.id, $1, $2, m.key, now() + $4 * interval '1 millisecond', now()
       FROM unnest($3::text[], $5::text[]) AS m(key, id) ORDER BY m.key
       ON CONFLICT ("tenantId", key) DO UPDATE SET "updatedAt" = "Subject"."updatedAt"
       RETURNING id, "nextPollAt" AS next_poll_at`,
      [
        source.tenantId,
        source.id,
        members,
        pollAfterMs(source.tracking),
        members.map(() => newId("subject")),
      ],
    );
    await client.query(
      `INSERT INTO "GroupMember" ("groupId", "subjectId") SELECT $1, unnest($2::text[])`,
      [groupId, subjects.rows.map((row) => row.id)],
    );
    const times = subjects.rows.flatMap((row) => (row.next_poll_at ? [+row.next_poll_at] : []));
    return {
      published: await completeGroups(
        client,
        subjects.rows.map((row) => row.id),
      ),
      nextPollAt: times.length > 0 ? new Date(Math.min(...times)) : null,
    };
  });
  await audited(scope, {
    action: "group.created",
    target: { type: "group", id: groupId },
    tenantId: source.tenantId,
    details: { key: input.key, members: members.length },
  });
  return { group: await readGroup(groupId), publishedEventIds: published, nextPollAt };
}

/** A group by key: how many members, how many terminal and in which status, when completed. */
export async function getGroup(scope: Scope, name: KeyName) {
  const groups = await db.group.findMany({
    where: whereKeyNames(scope, name),
    take: 2,
    select: { id: true },
  });
  return readGroup(theOneNamed(groups, "group", name).id);
}

async function readGroup(id: string) {
  const group = await db.group.findUniqueOrThrow({ where: { id } });
  const counts = (await countMembers(sqlPool(), [id])).get(id);
  return {
    ...group,
    total: counts?.total ?? group.total,
    terminal: counts?.terminal ?? 0,
    statuses: counts?.statuses ?? {},
  };
}
