import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { testServerUrl } from "./test-helpers";

// A crash disables the engine for the rest of its process, so it happens in a child process.
const probe = (dir: string) => `
import { withEngine } from ${JSON.stringify(pathToFileURL(join(dir, "engine-session.ts")).href)};
import { diffSchemaAgainstMigrations } from ${JSON.stringify(pathToFileURL(join(dir, "index.ts")).href)};
const report = {};
try {
  await withEngine({ shadowServerUrl: process.env.TEST_SERVER_URL }, (run) =>
    run("a forced panic", async (engine) => engine.debugPanic()),
  );
} catch (error) {
  report.first = { name: error.name, panic: error.panic, message: error.message };
}
report.after = await diffSchemaAgainstMigrations(process.env.TEST_SERVER_URL).catch((e) => e.message);
console.log(JSON.stringify(report));
`;

it("turns an engine crash into a readable error, and the process lives on", async () => {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-crash-"));
  try {
    const script = join(dir, "probe.mts");
    await writeFile(script, probe(resolve("src/lib/db/migrations")));
    const child = spawnSync(process.execPath, ["--import", "tsx", script], {
      env: { ...process.env, TEST_SERVER_URL: testServerUrl() },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(report.first).toMatchObject({ name: "MigrationEngineError", panic: true });
    expect(report.first.message).toMatch(/crashed during a forced panic: .*panic/i);
    expect(report.after).toMatch(/restart the process/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
