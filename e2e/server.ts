// The production server for Playwright, on a database and data directory of its own.
import { rmSync } from "node:fs";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase } from "../tests/support/test-database";

Object.assign(process.env, { NODE_ENV: "production" });
const dataDir = openTempDir("switchyard-e2e-");
process.env.SWITCHYARD_DATA_DIR = dataDir;
// With DATABASE_URL: a fresh database on that server. Without: the embedded default, as a newcomer gets.
const database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
if (database) process.env.DATABASE_URL = database.url;

const { boot } = await import("@/server/boot");
const { readEnv } = await import("@/server/env");
// The journeys start where a newcomer's embedded default starts: with the demo tenant.
const app = await boot(readEnv(), { demo: true });

let stopping = false;
async function shutdown() {
  // Playwright may signal twice (SIGTERM, then SIGINT): stop once.
  if (stopping) return;
  stopping = true;
  await app.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
