import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { msUntilNextDue } from "./claim";
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
});
