import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/domain/access/principal";
import { everyTenant, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { getRun, listRuns, runFunctions } from "@/domain/runs/queries";
import { listRunsInput } from "@/domain/runs/schemas";
import { newId } from "@/lib/ids";
import { createCaller } from "@/server/trpc/root";
import { newTenant, randomSuffix } from "../support/inbound-kit";

// The Runs page's reads, on runs written as the embedded runner writes them.

const fn = `runs-test-${randomSuffix()}`;
const other = `${fn}-other`;
const at = (second: number) => new Date(Date.UTC(2026, 5, 1, 12, 0, second));
let failedRun: string;
let waitingRun: string;
let tenantId: string;

async function addRun(functionId: string, second: number, fields: object = {}) {
  const id = newId("jobRun");
  await db.jobRun.create({
    data: {
      id,
      functionId,
      event: { name: "delivery/requested", data: { deliveryId: "dlv_x" }, id: "e1", ts: 1 },
      maxAttempts: 5,
      createdAt: at(second),
      startedAt: at(second),
      ...fields,
    },
  });
  return id;
}

async function addStep(runId: string, name: string, op: string, result: object, retries = 0) {
  await db.jobStep.create({
    data: {
      id: newId("jobStep"),
      runId,
      hashedId: `h-${name}`,
      name,
      op,
      result,
      retries,
      startedAt: at(1),
      endedAt: at(2),
      durationMs: 1_000,
    },
  });
}

beforeAll(async () => {
  tenantId = (await newTenant("runs")).id;
  await addRun(fn, 1, { status: "completed", endedAt: at(3), output: { done: true } });
  failedRun = await addRun(fn, 2, {
    status: "failed",
    endedAt: at(7),
    error: { name: "Error", message: "second always fails", stack: "Error: second\n  at x" },
    stack: ["h-first", "h-second"],
  });
  await addStep(
    failedRun,
    "second",
    "StepFailed",
    { error: { message: "second always fails" } },
    4,
  );
  await addStep(failedRun, "first", "StepRun", { data: { n: 1 } });
  waitingRun = await addRun(other, 3, {
    status: "waiting",
    stack: ["h-attempt-1"],
    sleeps: [{ id: "h-backoff-1", name: "backoff-1", until: at(30).toISOString() }],
  });
  await addStep(waitingRun, "attempt-1", "StepRun", { data: { done: false } });
});

describe("runs", () => {
  it("lists runs newest first with status, attempts, steps and timings, by function and status", async () => {
    const page = await listRuns(everyTenant, listRunsInput.parse({ functionId: fn }));
    expect(page.items.map((run) => run.id)).toHaveLength(2);
    const [failed, completed] = page.items;
    expect(failed).toMatchObject({
      id: failedRun,
      status: "failed",
      eventName: "delivery/requested",
      attempts: 5,
      stepCount: 2,
      durationMs: 5_000,
      error: { message: "second always fails" },
    });
    expect(completed).toMatchObject({ status: "completed", attempts: 1, stepCount: 0 });

    const failedOnly = await listRuns(everyTenant, listRunsInput.parse({ status: "failed" }));
    expect(failedOnly.items.every((run) => run.status === "failed")).toBe(true);
    const first = await listRuns(everyTenant, listRunsInput.parse({ functionId: fn, limit: 1 }));
    expect(first.nextCursor).toBe(failedRun);
    const second = await listRuns(
      everyTenant,
      listRunsInput.parse({ functionId: fn, limit: 1, cursor: first.nextCursor }),
    );
    expect(second.items.map((run) => run.id)).toEqual([completed?.id]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows a run's steps in the order they ran, with output, error and attempts", async () => {
    const run = await getRun(everyTenant, failedRun);
    expect(run.steps.map((s) => [s.name, s.op, s.status, s.attempts])).toEqual([
      ["first", "StepRun", "completed", 1],
      ["second", "StepFailed", "failed", 5],
    ]);
    expect(run.steps[0]?.output).toEqual({ n: 1 });
    expect(run.steps[1]?.error?.message).toBe("second always fails");
    expect(run.event).toMatchObject({ name: "delivery/requested" });
    expect(run.waiting).toEqual([]);

    const waiting = await getRun(everyTenant, waitingRun);
    expect(waiting.waiting).toEqual([{ name: "backoff-1", kind: "sleep", until: at(30) }]);
    await expect(getRun(everyTenant, "run_missing")).rejects.toMatchObject({ code: "not_found" });
  });

  it("names every function that has runs", async () => {
    expect(await runFunctions(everyTenant)).toEqual(expect.arrayContaining([fn, other]));
  });

  it("refuses anyone who does not see every tenant, in the domain and over tRPC (403)", async () => {
    const input = listRunsInput.parse({});
    await expect(listRuns(tenantScope(tenantId), input)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getRun(tenantScope(tenantId), failedRun)).rejects.toMatchObject({
      code: "forbidden",
    });

    const member = new Map([[tenantId, "member" as const]]);
    const owner = new Map([[tenantId, "owner" as const]]);
    const callers: Record<string, Principal> = {
      "a tenant member": principal("user", null, member),
      "a tenant owner": principal("user", null, owner),
      "a portal session": principal("portal", null, member),
      "a tenant API key": principal("api_key", null, owner),
      "a platform viewer": principal("user", "viewer", new Map()),
    };
    for (const [who, caller] of Object.entries(callers)) {
      const trpc = callerAs(caller);
      for (const call of [
        () => trpc.runs.list({}),
        () => trpc.runs.get({ id: failedRun }),
        () => trpc.runs.functions({}),
      ]) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, who).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code, who).toBe("FORBIDDEN");
      }
    }

    const admin = callerAs(principal("user", "admin", new Map()));
    const page = await admin.runs.list({ functionId: fn });
    expect(page).toMatchObject({ runner: "embedded" });
    expect(page.items.map((run) => run.id)).toContain(failedRun);
    expect((await admin.runs.get({ id: failedRun })).steps).toHaveLength(2);
  });
});

function principal(
  type: "user" | "portal" | "api_key",
  platformRole: Principal["platformRole"],
  tenantRoles: Principal["tenantRoles"],
): Principal {
  return { actor: { type, id: `${type}-1`, label: type }, platformRole, tenantRoles };
}

function callerAs(principal: Principal) {
  return createCaller({
    caller: { principal, viaCookie: true },
    origin: "http://localhost",
    sameOrigin: true,
  });
}
