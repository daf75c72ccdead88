// npm run bench:console — the console at scale: a fresh database filled with SQL (1,000,000
// events and 2,000,000 deliveries with their attempts over 30 days, three tenants, nine
// endpoints), then the production build (npm start builds it when needed) measured: the events
// list (first page, filtered pages, a next page) and an event detail over REST, the overview and
// GET /stats at each window, and the first contentful paint of console pages in Chromium.
// Prints a table. Env: BENCH_EVENTS (1000000), BENCH_RUNS (7), BENCH_KEEP_DATABASE=1 (keep the
// database and print its URL, to EXPLAIN against), CHROMIUM_PATH (else found as for the e2e tests).

import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { everyTenant } from "@/domain/access/scope";
import { disconnectDb } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase } from "../tests/support/test-database";
import { type BenchTenant, fillConsoleData } from "./bench/console-data";
import { measurePaints } from "./bench/first-paint";
import { answers, startServerProcess } from "./bench/server-process";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PORT = 3325;
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "bench@switchyard.test", password: "bench-console-password" };
const ADMIN_KEY = "sy_admin_bench_console";

const log = (line: string) => console.log(`  ${line}`);
if (await answers(PORT))
  throw new Error(`port ${PORT} is taken: the bench would load another server`);

const started = Date.now();
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY = generateEncryptionKey(); // the server inherits it
let server: ChildProcess | undefined;

interface Row {
  what: string;
  target: number;
  samples: number[];
}
const rows: Row[] = [];

try {
  console.log(`Filling ${database.url.replace(/\/\/[^@]*@/, "//")} with ${EVENTS} events...`);
  const tenants = await createWorld();
  await disconnectDb();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await fillConsoleData(client, tenants, { events: EVENTS }, log);
  const sample = await client.query<{ id: string; from: Date; to: Date }>(
    `SELECT id, "receivedAt" - interval '12 hours' AS from, "receivedAt" + interval '12 hours' AS to
     FROM "Event" ORDER BY "receivedAt" DESC OFFSET 5000 LIMIT 1`,
  );
  await client.end();
  console.log(
    `Filled in ${((Date.now() - started) / 60_000).toFixed(1)} min. Starting the server...`,
  );

  server = await startServerProcess(
    "node",
    ["scripts/start.mjs"],
    PORT,
    {
      SWITCHYARD_DATA_DIR: openTempDir("switchyard-bench-console-"),
      LOG_LEVEL: "warn",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_API_KEY: ADMIN_KEY,
    },
    900_000,
  ); // a build on a small machine takes minutes

  const [northwind, acme] = tenants;
  const event = sample.rows[0];
  if (!northwind || !acme || !event) throw new Error("the fill made no data");
  const day = `from=${event.from.toISOString()}&to=${event.to.toISOString()}`;
  const first = await api("/events?limit=50");
  const explorer: [string, string][] = [
    ["events, first page (every tenant)", "/events?limit=50"],
    ["events, next page (cursor)", `/events?limit=50&cursor=${first.nextCursor}`],
    ["events, tenant + type", `/events?tenantId=${acme.id}&type=order.paid&limit=50`],
    ["events, status failed", `/events?status=failed&limit=50`],
    ["events, source + a day", `/events?sourceId=${northwind.sourceId}&${day}&limit=50`],
    ["event detail (with timeline)", `/events/${event.id}`],
  ];
  for (const [what, path] of explorer) rows.push({ what, target: 300, samples: await timed(path) });
  for (const window of ["1h", "24h", "7d", "30d"]) {
    rows.push({
      what: `stats.overview ${window} (every tenant)`,
      target: 200,
      samples: await timed(`/stats/overview?window=${window}`),
    });
    rows.push({
      what: `GET /stats ${window} (every tenant)`,
      target: 200,
      samples: await timed(`/stats?window=${window}`),
    });
  }
  rows.push({
    what: "stats.overview 30d (one tenant)",
    target: 200,
    samples: await timed(`/stats/overview?window=30d&tenantId=${northwind.id}`),
  });

  const paints = await measurePaints(BASE, ADMIN, ["/", "/?window=30d", "/events"], RUNS);
  for (const paint of paints) {
    rows.push({ what: `first contentful paint ${paint.path}`, target: 1000, samples: paint.fcp });
    rows.push({ what: `  its document's server time`, target: 300, samples: paint.serverMs });
  }
} finally {
  server?.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  if (process.env.BENCH_KEEP_DATABASE === "1") console.log(`Database kept: ${database.url}`);
  else await database.drop();
}

console.log(
  `\nConsole benchmark: ${EVENTS.toLocaleString("en-US")} events, ${(2 * EVENTS).toLocaleString("en-US")} deliveries over 30 days; ${RUNS} runs each after a warm-up, ms\n`,
);
console.log("| measured | min | median | max | target | |");
console.log("|---|---:|---:|---:|---:|---|");
for (const row of rows) {
  const sorted = [...row.samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const cells = [sorted[0], median, sorted.at(-1)].map((ms) => (ms ?? Number.NaN).toFixed(0));
  const verdict = median <= row.target ? "ok" : "MISSED";
  console.log(`| ${row.what} | ${cells.join(" | ")} | < ${row.target} | ${verdict} |`);
}
console.log(`\nTotal ${((Date.now() - started) / 60_000).toFixed(1)} min`);
process.exit(0);

/** Three tenants, each with a source and three endpoints, made through the domain. */
async function createWorld(): Promise<BenchTenant[]> {
  const names = ["Northwind Freight", "Acme Claims", "Globex Retail"];
  const world: BenchTenant[] = [];
  for (const name of names) {
    const slug = name.toLowerCase().replace(/\s+/g, "-");
    const tenant = await createTenant(everyTenant, { name, slug });
    const source = await createSource(everyTenant, {
      tenantId: tenant.id,
      slug: `${slug}-orders`,
      name: `${name} orders`,
      verification: { scheme: "none" },
      eventType: { from: "path", path: "type" },
    });
    const endpointIds: string[] = [];
    for (const team of ["billing", "fulfilment", "analytics"]) {
      const endpoint = await createEndpoint(everyTenant, {
        tenantId: tenant.id,
        url: `https://${team}.${slug}.example/webhooks`,
        description: `${name} ${team}`,
      });
      endpointIds.push(endpoint.id);
    }
    world.push({
      id: tenant.id,
      sourceId: source.id,
      endpointIds: endpointIds as BenchTenant["endpointIds"],
    });
  }
  return world;
}

// biome-ignore lint/suspicious/noExplicitAny: the bench reads one field of a JSON answer.
async function api(path: string): Promise<any> {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body}`);
  return JSON.parse(body);
}

/** Server time of a REST call as the client on this machine sees it: one warm-up, then RUNS. */
async function timed(path: string): Promise<number[]> {
  await api(path);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await api(path);
    samples.push(performance.now() - start);
  }
  return samples;
}
