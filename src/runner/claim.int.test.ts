import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { claimSql, msUntilNextDue } from "./claim";
import type { RunnableFunction } from "./registry";
import { createRunnerSql } from "./sql";
import { testDb } from "./test-app";

const db = testDb();
const sql = createRunnerSql(process.env.DATABASE_URL ?? "");
afterAll(async () => {
  await db.$disconnect();
  await sql.end();
});

describe("claiming", () => {
  it("a due run of a function this process does not serve neither wakes it nor is taken", async () => {
    // Another version of the app (a rolling deploy) serves this function.
    const ghost = `ghost-${randomUUID()}`;
    const served = `served-${randomUUID()}`;
    const id = newId("jobRun");
    await db.jobRun.create({
      data: { id, functionId: ghost, event: {}, maxAttempts: 3, nextAt: new Date(0) },
    });
    // Idle workers sleep until the next run they can claim: a due ghost run is not one.
    expect(await msUntilNextDue(sql, [served])).toBeNull();
    expect(await msUntilNextDue(sql, [ghost])).toBe(0);
    await db.jobRun.delete({ where: { id } });
  });

  it("claims through the index of active runs, however many finished runs the table holds", async () => {
    const fn: RunnableFunction = {
      ...{ id: `history-${randomUUID()}`, eventTriggers: [], crons: [], maxAttempts: 3 },
      ...{ concurrency: [{ limit: 2, key: "event.data.k" }], cancel: [] },
    };
    // A year of history, inserted, measured and rolled back (its statistics too).
    const rolledBack = await sql
      .transaction(async (tx) => {
        await tx.count(Prisma.sql`
          INSERT INTO "JobRun" (id, "functionId", event, status, "maxAttempts", "nextAt",
            "startedAt", "endedAt", "createdAt", "updatedAt")
          SELECT 'history-' || g, ${fn.id}, '{}', 'completed', 3, now() - g * interval '1 minute',
            now() - g * interval '1 minute', now() - g * interval '1 minute',
            now() - g * interval '1 minute', now()
          FROM generate_series(1, 300000) AS g`);
        await tx.count(Prisma.sql`
          INSERT INTO "JobRun" (id, "functionId", event, "maxAttempts", "concurrencyKey", "updatedAt")
          SELECT 'due-' || g, ${fn.id}, '{}', 3, 'k' || (g % 3), now() FROM generate_series(1, 50) AS g`);
        await tx.count(Prisma.sql`ANALYZE "JobRun"`);
        const claim = claimSql([fn], { owner: "explain", count: 10, leaseMs: 30_000 });
        const [row] = await tx.rows<{ "QUERY PLAN": unknown }>(
          Prisma.sql`EXPLAIN (FORMAT JSON) ${claim}`,
        );
        throw new Measured(row?.["QUERY PLAN"]);
      })
      .catch((error: unknown) => error);
    if (!(rolledBack instanceof Measured)) throw rolledBack;
    const plan = rolledBack.plan;
    const nodes = flatten(plan);
    expect(nodes.length).toBeGreaterThan(0);
    const scans = nodes.filter((node) => node["Relation Name"] === "JobRun");
    expect(scans.map((node) => node["Node Type"])).not.toContain("Seq Scan");
    expect(scans.some((node) => String(node["Index Name"]).startsWith("JobRun_status"))).toBe(true);
  });
});

/** Thrown to roll the history back once the plan is read. */
class Measured extends Error {
  constructor(readonly plan: unknown) {
    super("measured");
  }
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function flatten(plan: unknown): PlanNode[] {
  const root = (plan as { Plan: PlanNode }[] | null)?.[0]?.Plan;
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  if (root) walk(root);
  return nodes;
}
