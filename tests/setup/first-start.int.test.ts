import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startAppProcess } from "../support/app-process";
import { openTempDir } from "../support/temp-dir";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// A configured DATABASE_URL is somebody's installation: no demo tenant appears in it, and the
// generated admin key is printed on the first start only (logs are kept and shared).
const dataDir = openTempDir("switchyard-first-start-");
let database: TestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function tenantCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Tenant"`);
    return rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

describe("starting on a configured database", () => {
  it("seeds no demo tenant, and prints the generated admin key on the first start only", async () => {
    database = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      SWITCHYARD_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    };
    for (const name of ["ADMIN_API_KEY", "APP_ENCRYPTION_KEY", "INNGEST_EVENT_KEY", "INNGEST_DEV"])
      delete env[name];

    const first = await startAppProcess(env);
    await first.stop();
    const key = /Admin API: {2}Authorization: Bearer (sy_admin_\S+)/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect(await tenantCount(database.url)).toBe(0);

    const second = await startAppProcess(env);
    // The key still works: it was kept, just not printed again.
    const health = await fetch(`${second.url}/api/v1/tenants`, {
      headers: { authorization: `Bearer ${key}` },
    });
    await second.stop();
    expect(health.status).toBe(200);
    expect(second.output()).toContain("Admin API:");
    expect(second.output()).not.toContain(key ?? "no key");
    expect(second.output()).toContain("secrets.json");
  }, 180_000);
});
