// npm run bench:idle — what `npm start` costs when nothing happens: the production server
// (node scripts/start.mjs, embedded runner) started on the embedded PostgreSQL (no
// DATABASE_URL), then, when DATABASE_URL is set, on a fresh database on that server. For each:
// the app process's RSS 30 s after /api/health first answers (the node process only, not
// PostgreSQL), the transactions per second the idle app finishes in its database over the next
// 30 s, and the RSS once the console has served its first page. Linux only (/proc).
// Needs `npm run build` (npm start builds when needed). Env: BENCH_SETTLE (s, 30), BENCH_WINDOW (s, 30).

import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { embeddedDatabaseUrl, finishedTransactions, residentMiB } from "./bench/idle-figures";
import { answers, startServerProcess } from "./bench/server-process";

const SETTLE_S = Number(process.env.BENCH_SETTLE ?? 30);
const WINDOW_S = Number(process.env.BENCH_WINDOW ?? 30);
const PORT = 3331;
const BASE = `http://127.0.0.1:${PORT}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Row {
  database: string;
  rssMiB: number;
  transactionsPerS: number;
  consoleRssMiB: number;
}

async function healthy(): Promise<boolean> {
  const response = await fetch(`${BASE}/api/health`).catch(() => null);
  return response?.status === 200;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** One server, idle: `database` is a fresh database's URL, or undefined for the embedded one. */
async function measure(label: string, database: string | undefined): Promise<Row> {
  const dataDir = openTempDir("switchyard-bench-idle-");
  let child: ChildProcess | undefined;
  try {
    // Empty Inngest keys: keys would select Inngest mode, and this measures the embedded runner.
    child = await startServerProcess(
      "node",
      ["scripts/start.mjs"],
      PORT,
      {
        SWITCHYARD_DATA_DIR: dataDir,
        DATABASE_URL: database ?? "",
        LOG_LEVEL: "warn",
        INNGEST_EVENT_KEY: "",
        INNGEST_SIGNING_KEY: "",
        INNGEST_DEV: "",
      },
      900_000, // a build on a small machine takes minutes
    );
    const pid = child.pid;
    if (pid === undefined) throw new Error("the server has no pid");
    while (!(await healthy())) await sleep(250);
    console.log(`  ${label}: healthy; idle for ${SETTLE_S} s, then ${WINDOW_S} s counted`);
    await sleep(SETTLE_S * 1000);
    const rssMiB = residentMiB(pid);
    const url = database ?? embeddedDatabaseUrl(dataDir);
    const before = await finishedTransactions(url);
    await sleep(WINDOW_S * 1000);
    const after = await finishedTransactions(url);
    // The console's first page (the sign-in page; no session needed), as a visitor opens it.
    const page = await fetch(`${BASE}/login`);
    if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
    await page.text();
    await sleep(2_000);
    return {
      database: label,
      rssMiB,
      transactionsPerS: (after - before) / WINDOW_S,
      consoleRssMiB: residentMiB(pid),
    };
  } finally {
    if (child) await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (await answers(PORT))
  throw new Error(`port ${PORT} is taken: the bench would measure another server`);
const configured = process.env.DATABASE_URL;
const rows: Row[] = [];
console.log("Starting the production server with the embedded runner...");
rows.push(await measure("embedded PostgreSQL", undefined));
if (configured) {
  let fresh: TestDatabase | undefined;
  try {
    fresh = await createTestDatabase();
    rows.push(await measure("DATABASE_URL (fresh database)", fresh.url));
  } finally {
    await fresh?.drop();
  }
} else {
  console.log("  (DATABASE_URL is not set: no row for a PostgreSQL server of your own)");
}

console.log(
  `\nIdle app: node scripts/start.mjs (embedded runner), RSS of the app process only (VmRSS), ` +
    `${SETTLE_S} s after /api/health first answered; its database's transactions ` +
    `(pg_stat_database xact_commit + xact_rollback) over the next ${WINDOW_S} s; then GET /login.\n`,
);
console.log(
  "| database | app RSS, idle (MiB) | transactions/s, idle | app RSS after the first console page (MiB) |",
);
console.log("|---|---:|---:|---:|");
for (const row of rows) {
  console.log(
    `| ${row.database} | ${row.rssMiB.toFixed(0)} | ${row.transactionsPerS.toFixed(1)} | ${row.consoleRssMiB.toFixed(0)} |`,
  );
}
console.log(
  "\nCounted in transactions: a statement on its own is one, BEGIN ... COMMIT is one however many" +
    " statements it holds. Targets (issue 14): RSS under 300 MB, under 5 statements/s.",
);
