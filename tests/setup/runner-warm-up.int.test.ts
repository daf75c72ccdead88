import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { startAppProcess } from "../support/app-process";
import { openTempDir } from "../support/temp-dir";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// The embedded runner warms up when it starts (src/jobs/functions/warm-up.ts): one run through
// the path of a delivery's run, so that the first webhooks after a start do not wait for code
// running for the first time. It must end completed, once per start, and touch nothing.
const dataDir = openTempDir("switchyard-warm-up-");
let database: TestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded runner's warm-up", () => {
  it("runs once when the runner starts, completes, and leaves no delivery or attempt", async () => {
    database = await createTestDatabase();
    const url = database.url;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      SWITCHYARD_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    };
    for (const name of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_DEV"])
      delete env[name];

    const warmUps = () =>
      query<{ status: string; output: unknown }>(
        url,
        `SELECT status::text, output FROM "JobRun" WHERE "functionId" LIKE '%warm-up-runner'`,
      );
    const app = await startAppProcess(env);
    try {
      const [run] = await eventually(async () => {
        const runs = await warmUps();
        return runs.some((r) => r.status === "completed") ? runs : null;
      }, 30_000);
      expect(run).toMatchObject({ status: "completed", output: { warmed: true } });
    } finally {
      expect(await app.stop()).toBe(0);
    }
    expect(await warmUps()).toHaveLength(1);
    const [touched] = await query<{ deliveries: number; attempts: number }>(
      url,
      `SELECT (SELECT count(*)::int FROM "Delivery") AS deliveries,
              (SELECT count(*)::int FROM "DeliveryAttempt") AS attempts`,
    );
    expect(touched).toEqual({ deliveries: 0, attempts: 0 });
  }, 120_000);
});
