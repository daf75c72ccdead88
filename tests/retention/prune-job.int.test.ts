import { afterAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { publishEvent } from "@/domain/events/publish";
import { createTenant } from "@/domain/tenants/tenants";
import type { Runner } from "@/runner/runner";
import { createRunnerSql } from "@/runner/sql";
import { createRun } from "@/runner/start-runs";
import { randomSuffix, startAppRunner, waitFor } from "../support/inbound-kit";

// The prune-retention cron, one tick run now on the embedded runner: it orchestrates, the
// domain deletes (src/domain/retention/prune.int.test.ts covers what and how).
let runner: Runner | undefined;
afterAll(async () => {
  await runner?.stop();
});

describe("prune-retention", () => {
  it("a tick deletes a tenant's expired events and keeps the recent ones", async () => {
    const tenant = await createTenant(everyTenant, {
      name: "Pruned",
      slug: `pruned-${randomSuffix()}`,
      retentionDays: 2,
    });
    const old = await publishEvent(everyTenant, { tenantId: tenant.id, type: "a.b", data: {} });
    const recent = await publishEvent(everyTenant, { tenantId: tenant.id, type: "a.b", data: {} });
    await db.event.update({
      where: { id: old.id },
      data: { receivedAt: new Date(Date.now() - 3 * 86_400_000) },
    });

    runner = await startAppRunner({ pollMs: 100, backoff: () => 50 });
    const fn = runner.functions.find((f) => f.id.endsWith("prune-retention"));
    if (!fn) throw new Error("prune-retention is not served");
    const tick = `test-prune:${randomSuffix()}`;
    const sql = createRunnerSql(process.env.DATABASE_URL ?? "", 1);
    await createRun(
      sql,
      fn,
      { name: "inngest/scheduled.timer", data: { cron: "*/10 * * * *" }, ts: Date.now() },
      tick,
    );
    await sql.end();
    const run = await waitFor("the prune run to end", async () => {
      const found = await db.jobRun.findFirst({ where: { idempotencyKey: tick } });
      return found && ["completed", "failed", "cancelled"].includes(found.status) ? found : null;
    });
    expect(run.status, JSON.stringify(run.output)).toBe("completed");
    expect(run.output).toMatchObject({ finished: true });
    expect((run.output as { deleted: number }).deleted).toBeGreaterThanOrEqual(1);
    expect(await db.event.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.event.findUnique({ where: { id: recent.id } })).not.toBeNull();
  });
});
