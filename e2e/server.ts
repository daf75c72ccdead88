// The production server for Playwright, as `npm start` runs it: the esbuild bundles of
// scripts/bundle-server.mjs (not the sources through tsx), on a database and data directory
// of its own.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase } from "../tests/support/test-database";

const dataDir = openTempDir("switchyard-e2e-");
// With DATABASE_URL: a fresh database on that server. Without: the embedded default, as a newcomer gets.
const database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;

const bundled = spawnSync(process.execPath, ["scripts/bundle-server.mjs"], { stdio: "inherit" });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);
const app = spawn(process.execPath, [".next/switchyard/main.mjs"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    SWITCHYARD_DATA_DIR: dataDir,
    ...(database && { DATABASE_URL: database.url }),
  },
});
const exited = new Promise<number>((resolve) => app.once("exit", (code) => resolve(code ?? 0)));

async function cleanUp() {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

let stopping = false;
async function shutdown() {
  // Playwright may signal twice (SIGTERM, then SIGINT): stop once. The app stops on SIGTERM.
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await exited;
  await cleanUp();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
// An app that dies on its own fails the journeys that follow: say so, and leave nothing behind.
void exited.then(async (code) => {
  if (stopping) return;
  console.error(`The app exited (${code}) before the journeys ended`);
  await cleanUp();
  process.exit(code || 1);
});
