import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { type AppProcess, startAppProcess } from "../support/app-process";
import { type DbProxy, startDbProxy } from "../support/db-proxy";
import { openTempDir } from "../support/temp-dir";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// PostgreSQL goes away for 10 s under a steady flow of webhooks, then comes back; later it
// hangs for a while. Meanwhile every webhook is answered at once with 503 and Retry-After
// (never a hang, never a 500), nothing acknowledged is lost, and the app recovers by itself.
const ADMIN_KEY = "outage-test-admin-key";
const dataDir = openTempDir("switchyard-outage-");
let database: TestDatabase;
let proxy: DbProxy;
let app: AppProcess;
let slug = "";

interface Answer {
  status: number;
  retryAfter: string | null;
  ms: number;
  startedAt: number;
  eventIds: string[];
  code?: string;
}

beforeAll(async () => {
  database = await createTestDatabase();
  proxy = await startDbProxy(database.url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: proxy.url,
    ADMIN_API_KEY: ADMIN_KEY,
    SWITCHYARD_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  };
  for (const name of ["INNGEST_EVENT_KEY", "INNGEST_DEV"]) delete env[name];
  app = await startAppProcess(env);
  const call = async (path: string, body: object) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { id: string; slug: string };
  };
  const tenant = await call("/tenants", { name: "Outage", slug: `outage-${Date.now()}` });
  slug = (
    await call("/sources", {
      tenantId: tenant.id,
      slug: `outage-${Date.now()}`,
      name: "Outage",
      verification: { scheme: "none" },
    })
  ).slug;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Posts webhooks from `workers` loops until `until()` is true; every answer is kept. */
async function load(workers: number, until: () => boolean): Promise<Answer[]> {
  const answers: Answer[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!until()) {
        const startedAt = Date.now();
        const response = await fetch(`${app.url}/api/webhooks/${slug}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ n: n++, at: startedAt }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await response.json()) as {
          events?: { id: string }[];
          error?: { code: string };
        };
        answers.push({
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          ms: Date.now() - startedAt,
          startedAt,
          eventIds: response.status === 202 ? (body.events ?? []).map((e) => e.id) : [],
          code: body.error?.code,
        });
        // Told to wait: a provider would; a short pause keeps the test's own load bounded.
        if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }),
  );
  return answers;
}

async function storedIds(ids: string[]): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; status: string }>(
      `SELECT id, status FROM "Event" WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  } finally {
    await client.end();
  }
}

describe("the database goes away under load", () => {
  it("answers 503 with Retry-After while it is down or hangs, loses nothing, and recovers without a restart", async () => {
    const started = Date.now();
    const at = (ms: number) => () => Date.now() - started >= ms;
    // 0-2 s up, 2-12 s down, 12-17 s up, 17-24 s hanging, then up until 30 s.
    const timeline = [
      setTimeout(() => proxy.down(), 2_000),
      setTimeout(() => proxy.up(), 12_000),
      setTimeout(() => proxy.hang(), 17_000),
      setTimeout(() => proxy.up(), 24_000),
    ];
    const answers = await load(8, at(30_000));
    for (const timer of timeline) clearTimeout(timer);

    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].sort()).toEqual([202, 503]);
    for (const answer of answers.filter((a) => a.status === 503)) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(["database_unavailable", "overloaded"]).toContain(answer.code);
    }
    // Never a hang: a connection is waited for 5 s at most, a statement's answer 15 s.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(17_000);
    const phase = (from: number, to: number) =>
      answers.filter((a) => a.startedAt - started >= from && a.startedAt + a.ms - started < to);
    expect(phase(3_000, 12_000).every((a) => a.status === 503)).toBe(true);
    expect(phase(18_000, 24_000).every((a) => a.status === 503)).toBe(true);
    // Back without a restart: the last seconds of each up phase are all accepted.
    expect(phase(15_000, 17_000).length).toBeGreaterThan(0);
    expect(phase(15_000, 17_000).every((a) => a.status === 202)).toBe(true);
    expect(phase(28_000, 31_000).every((a) => a.status === 202)).toBe(true);

    // Acknowledged equals stored, and every stored event is processed once the database is back.
    const acknowledged = answers.flatMap((a) => a.eventIds);
    expect(acknowledged.length).toBeGreaterThan(50);
    const stored = await storedIds(acknowledged);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    await eventually(
      async () => [...(await storedIds(acknowledged)).values()].every((s) => s === "completed"),
      60_000,
      "every acknowledged event to be processed",
    );
    expect(app.output()).not.toMatch(/internal_error|Unhandled|uncaught/i);
  }, 150_000);
});
