import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { type AppProcess, startAppProcess } from "../support/app-process";
import { adminCall, type FaultSetup, faultSetup, query } from "../support/fault-kit";

// PRODUCT.md: a 2xx means stored, and work handed to background processing is never lost. The
// app is killed with SIGKILL while ten loops post webhooks: every webhook answered 202 has its
// events in PostgreSQL, and once the app is started again every stored event is processed
// (those whose hand-off died with the process are found by the sweeper, 30 s on).
let setup: FaultSetup;
let app: AppProcess | undefined;
let sourceId = "";
let slug = "";

beforeAll(async () => {
  setup = await faultSetup();
  app = await startAppProcess(setup.env);
  const tenant = await adminCall(app.url, "POST", "/tenants", {
    name: "Kill under ingest",
    slug: `kill-ingest-${Date.now()}`,
  });
  const source = await adminCall(app.url, "POST", "/sources", {
    tenantId: tenant.id,
    slug: `kill-ingest-${Date.now()}`,
    name: "Kill under ingest",
    verification: { scheme: "none" },
  });
  sourceId = source.id;
  slug = source.slug;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await setup?.database.drop();
  if (setup) rmSync(setup.dataDir, { recursive: true, force: true });
}, 60_000);

/** Posts webhooks from `loops` loops until one fails to get an answer (the app is gone). */
async function load(baseUrl: string, loops: number) {
  const acknowledged: string[] = [];
  let sent = 0;
  let unanswered = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let n = 0; ; n++) {
        sent++;
        try {
          const response = await fetch(`${baseUrl}/api/webhooks/${slug}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ loop, n }),
            signal: AbortSignal.timeout(20_000),
          });
          const body = (await response.json()) as { events?: { id: string }[] };
          expect(response.status).toBe(202);
          acknowledged.push(...(body.events ?? []).map((event) => event.id));
        } catch (error) {
          if ((error as Error).name === "AssertionError") throw error;
          unanswered++;
          return;
        }
      }
    }),
  );
  return { acknowledged, sent, unanswered };
}

const eventStatuses = () =>
  query<{ id: string; status: string }>(
    setup.database.url,
    `SELECT id, status FROM "Event" WHERE "sourceId" = $1`,
    [sourceId],
  );

describe("the app is killed with SIGKILL under ingest load", () => {
  it("keeps every acknowledged webhook, and processes every stored event after a restart", async () => {
    const running = app as AppProcess;
    const loading = load(running.url, 10);
    // Killed mid-load: a few seconds of steady webhooks first.
    await eventually(
      async () => (await eventStatuses()).length >= 300,
      30_000,
      "300 webhooks to be stored",
    );
    await running.kill();
    const { acknowledged, sent, unanswered } = await loading;

    const stored = new Map((await eventStatuses()).map((row) => [row.id, row.status]));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const pendingAtKill = [...stored.values()].filter((status) => status !== "completed").length;

    const restartedAt = Date.now();
    app = await startAppProcess(setup.env);
    const readyMs = Date.now() - restartedAt;
    await eventually(
      async () => (await eventStatuses()).every((row) => row.status === "completed"),
      110_000,
      "every stored event to be processed after the restart",
    );
    const settledMs = Date.now() - restartedAt;
    const after = await eventStatuses();
    expect(after.length).toBe(stored.size);
    console.log(
      `kill under ingest: ${sent} webhooks sent, ${acknowledged.length} acknowledged, ` +
        `${unanswered} cut off by the kill, ${stored.size} events stored (${stored.size - acknowledged.length} never acknowledged), ` +
        `${pendingAtKill} unprocessed at the kill; restart ready in ${readyMs} ms, all processed ${settledMs} ms after it`,
    );
    expect(app.output()).not.toMatch(/internal_error|Unhandled|uncaught/i);
  }, 170_000);
});
