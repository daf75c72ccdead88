import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { msUntilNextDue } from "./claim";
import { testDb } from "./test-app";

const db = testDb();
afterAll(async () => {
  await db.$disconnect();
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
    expect(await msUntilNextDue(db, [served])).toBeNull();
    expect(await msUntilNextDue(db, [ghost])).toBe(0);
    await db.jobRun.delete({ where: { id } });
  });
});
