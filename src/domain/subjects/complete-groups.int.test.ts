import { randomBytes } from "node:crypto";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db, sqlPool } from "@/domain/db";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { applyTracking } from "./apply-tracking";
import { createGroup } from "./groups";

// The last two members of a group closed by two transactions side by side, interleaved by
// hand: whatever the order, exactly one of them publishes `<type>.completed`. (Over HTTP the
// same race is hidden by other locks the ingest takes; here only the group's own lock stands.)

const suffix = () => randomBytes(4).toString("hex");

async function twoMemberGroup() {
  const tenant = await createTenant(everyTenant, { name: "Groups", slug: `groups-${suffix()}` });
  const source = await createSource(everyTenant, {
    tenantId: tenant.id,
    slug: `robots-${suffix()}`,
    name: "Robots",
    verification: { scheme: "none" },
    subject: { from: "path", path: "order_id" },
    tracking: { status: "result", terminal: ["success", "error"] },
  });
  const members = [`a-${suffix()}`, `b-${suffix()}`];
  const { group } = await createGroup(everyTenant, {
    sourceId: source.id,
    key: `batch-${suffix()}`,
    type: "batch",
    members,
  });
  const subjects = await db.subject.findMany({
    where: { tenantId: tenant.id, key: { in: members } },
    orderBy: { key: "asc" },
  });
  return { tenant, group, subjectIds: subjects.map((subject) => subject.id) };
}

/** Closes one subject inside the open transaction of `client`, as an ingest would. */
function close(client: pg.ClientBase, subjectId: string, status: string) {
  return applyTracking(
    client,
    [
      {
        eventId: `event-${suffix()}`,
        subjectId,
        observation: { status, fields: {} },
        terminalStatuses: ["success", "error"],
        pollAfterMs: null,
      },
    ],
    "webhook",
  );
}

describe("a group's completion under concurrent closing transactions", () => {
  it("the second to count waits for the first to commit, and is the one that publishes", async () => {
    for (let round = 0; round < 3; round++) {
      const { tenant, group, subjectIds } = await twoMemberGroup();
      const [first, second] = [await sqlPool().connect(), await sqlPool().connect()];
      try {
        await first.query("BEGIN");
        await second.query("BEGIN");
        const firstOutcome = await close(first, subjectIds[0] as string, "success");
        expect(firstOutcome.publishedEventIds).toEqual([]);
        // The second transaction closes the other member while the first is still open.
        const secondClosing = close(second, subjectIds[1] as string, "error");
        await new Promise((resolve) => setTimeout(resolve, 100 + round * 50));
        await first.query("COMMIT");
        const secondOutcome = await secondClosing;
        await second.query("COMMIT");
        expect(secondOutcome.publishedEventIds).toHaveLength(1);
      } finally {
        first.release();
        second.release();
      }
      const events = await db.event.findMany({
        where: { tenantId: tenant.id, type: "batch.completed" },
      });
      expect(events.map((event) => event.payload)).toEqual([
        { group: group.key, total: 2, statuses: { success: 1, error: 1 } },
      ]);
      const closed = await db.group.findUniqueOrThrow({ where: { id: group.id } });
      expect(closed.completionEventId).toBe(events[0]?.id);
    }
  });
});
