// `npm test`: every check, in order of cost, stopping at the first failure:
// lint, typecheck, unit tests, integration tests (real PostgreSQL), then the production
// build and Playwright journeys in a real Chromium.
import { spawnSync } from "node:child_process";
import { findChromium } from "./find-chromium.mjs";

const steps = [
  ["Prisma client", "node", ["scripts/prisma-generate.mjs"]],
  ["Lint and format", "npx", ["biome", "check", "."]],
  ["Typecheck", "npx", ["tsc", "--noEmit"]],
  ["Unit tests", "npx", ["vitest", "run", "--project", "unit"]],
  // Users run this outside UTC: the whole suite runs on a database east of UTC from a process
  // west of it, then the runner and delivery suites the other way round.
  [
    "Integration tests (database in Asia/Tokyo, process in America/New_York)",
    "npx",
    ["vitest", "run", "--project", "int"],
    { TEST_DATABASE_TIMEZONE: "Asia/Tokyo", TZ: "America/New_York" },
  ],
  [
    "Runner and delivery tests (database in America/Los_Angeles, process in Asia/Kolkata)",
    "npx",
    ["vitest", "run", "--project", "int", "src/runner", "tests/runner", "tests/outbound"],
    { TEST_DATABASE_TIMEZONE: "America/Los_Angeles", TZ: "Asia/Kolkata" },
  ],
  ["Production build", "npx", ["next", "build"]],
  ["End-to-end tests", "npx", ["playwright", "test", "-c", "e2e/playwright.config.ts"]],
];

const timings = [];
for (const [label, command, args, zones] of steps) {
  console.log(`\n=== ${label} ===`);
  const env = { ...process.env, ...zones };
  if (label === "End-to-end tests") env.CHROMIUM_PATH = findChromium();
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env });
  timings.push([label, ((Date.now() - started) / 1000).toFixed(1)]);
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}
console.log("\nAll checks passed:");
for (const [label, seconds] of timings)
  console.log(`  ${label.split(" (")[0].padEnd(34)} ${seconds.padStart(6)} s`);
