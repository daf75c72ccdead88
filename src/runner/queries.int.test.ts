import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun, listRuns } from "./queries";
import type { Runner } from "./runner";
import { eventually, startTestRunner, testClient, testDb } from "./test-app";

const db = testDb();
const client = testClient(db, "queries-test");
const twoSteps = client.createFunction(
  { id: "two-steps", triggers: [{ event: "queries/two" }] },
  async ({ step }) => {
    await step.run("first", () => 1);
    await step.run("second", () => {
      throw new Error("second always fails");
    });
  },
);

let runner: Runner;
beforeAll(async () => {
  runner = await startTestRunner(client, [twoSteps]);
});
afterAll(async () => {
  await runner.stop();
  await db.$disconnect();
});

describe("run queries", () => {
  it("list runs newest first with their outcome, and show one run's steps in order", async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await client.send({ name: "queries/two", data: { id } });
    const listed = await eventually(async () => {
      const page = await listRuns(db, { functionId: "queries-test-two-steps" });
      return page.items.length === 2 && page.items.every((r) => r.status === "failed")
        ? page
        : null;
    });
    expect((listed.items[0]?.id ?? "") > (listed.items[1]?.id ?? "")).toBe(true);
    expect(listed.items[0]?.steps).toBe(2);
    expect(JSON.stringify(listed.items[0]?.error)).toContain("second always fails");

    const firstPage = await listRuns(db, { functionId: "queries-test-two-steps", limit: 1 });
    expect(firstPage.nextCursor).toBe(firstPage.items[0]?.id);
    const secondPage = await listRuns(db, {
      functionId: "queries-test-two-steps",
      limit: 1,
      cursor: firstPage.nextCursor ?? "",
    });
    expect(secondPage.items[0]?.id).toBe(listed.items[1]?.id);
    expect(secondPage.nextCursor).toBeNull();

    const run = await getRun(db, listed.items[0]?.id ?? "");
    expect(run?.steps.map((s) => [s.name, s.op])).toEqual([
      ["first", "StepRun"],
      ["second", "StepFailed"],
    ]);
    expect(run?.steps[1]?.retries).toBe(4); // Inngest's default: 4 retries, 5 attempts
    expect(await getRun(db, "run_missing")).toBeNull();
  });
});
