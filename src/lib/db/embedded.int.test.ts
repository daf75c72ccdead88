import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openTempDir } from "../../../tests/support/temp-dir";
import { startEmbeddedPostgres } from "./embedded";

const root = openTempDir("switchyard-embedded-");
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps its data across a stop and a second start", async () => {
    const dataDir = join(root, "keeps", "postgres");
    const first = await startEmbeddedPostgres({ dataDir, database: "switchyard" });
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, database: "switchyard" });
    try {
      expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    } finally {
      await second.stop();
    }
  });

  it("runs in UTC even when the host's zone is not", async () => {
    const dataDir = join(root, "zone", "postgres");
    const previous = process.env.TZ;
    process.env.TZ = "America/Los_Angeles"; // initdb inherits the zone of the process
    try {
      const server = await startEmbeddedPostgres({ dataDir, database: "switchyard" });
      try {
        expect(await query(server.url, "SHOW timezone")).toEqual([{ TimeZone: "UTC" }]);
      } finally {
        await server.stop();
      }
    } finally {
      process.env.TZ = previous;
    }
  });

  it("refuses a directory in use, and recovers it once the owner was killed with SIGKILL", async () => {
    const dataDir = join(root, "crash", "postgres");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/fixtures/start-embedded.ts", dataDir],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const match = /ready (\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    await query(url, "CREATE TABLE survived (v int); INSERT INTO survived VALUES (42)");
    // While its owner lives, a second start on the same directory is refused.
    await expect(startEmbeddedPostgres({ dataDir, database: "switchyard" })).rejects.toThrow(
      /in use by another Switchyard \(pid \d+\)/,
    );
    // Only the app process dies, as in a crash: its PostgreSQL child is left orphaned.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;

    const restarted = await startEmbeddedPostgres({ dataDir, database: "switchyard" });
    try {
      expect(await query(restarted.url, "SELECT v FROM survived")).toEqual([{ v: 42 }]);
    } finally {
      await restarted.stop();
    }
  });

  it.runIf(process.getuid?.() === 0)(
    "says in one line when the postgres OS user cannot reach the data directory",
    async () => {
      const closed = join(root, "closed");
      mkdirSync(closed);
      chmodSync(closed, 0o700);
      await expect(
        startEmbeddedPostgres({ dataDir: join(closed, "postgres"), database: "switchyard" }),
      ).rejects.toThrow(/cannot enter .*closed.*DATABASE_URL/);
    },
  );
});
