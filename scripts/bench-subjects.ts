// npm run bench:subjects — 1,000 long-polls held by ONE app instance. A fresh database, a source
// tracking {status, terminal: ["done"]} with the subject in the URL, and Switchyard's own HTTP
// server (no Next.js: nothing to build) in a process of its own. 1,000 subjects get a "running"
// webhook; 1,000 concurrent GET /api/v1/subjects/{key}?wait=terminal&timeout=60 wait while the
// bench reads the server's database connections and memory; then a "done" webhook ends each
// subject and the bench times each answer from that webhook's 202. The same steps run against
// a bare node:http + pg LISTEN/NOTIFY server (the least a long-poll can be) for a ratio.
// Options: --polls N (1000), --senders N (concurrent ending webhooks, 50), --timeout S (60).

import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { everyTenant } from "@/domain/access/scope";
import { disconnectDb } from "@/domain/db";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { createTestDatabase } from "../tests/support/test-database";
import {
  type LongPollFigures,
  type LongPollTarget,
  measureLongPolls,
  quantile,
  total,
} from "./bench/long-polls";
import { answers, startServerProcess } from "./bench/server-process";

const { values } = parseArgs({
  options: {
    polls: { type: "string", default: "1000" },
    senders: { type: "string", default: "50" },
    timeout: { type: "string", default: "60" },
  },
});
const load = {
  polls: Number(values.polls),
  senders: Number(values.senders),
  timeoutS: Number(values.timeout),
};
const APP_PORT = 3331;
const BASELINE_PORT = 3332;
const ADMIN_KEY = "sy_admin_bench_subjects";
for (const port of [APP_PORT, BASELINE_PORT]) {
  if (await answers(port))
    throw new Error(`port ${port} is taken: the bench would load another server`);
}

const started = performance.now();
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY = generateEncryptionKey(); // the server inherits it
const tenant = await createTenant(everyTenant, { name: "Bench", slug: "bench" });
const source = await createSource(everyTenant, {
  tenantId: tenant.id,
  slug: "jobs",
  name: "Jobs",
  verification: { scheme: "none" },
  subject: { from: "url" },
  tracking: { status: "status", terminal: ["done"] },
});
await disconnectDb();

const json = (key: string, status: string) => JSON.stringify({ job: key, status });
const switchyard = (server: ChildProcess): LongPollTarget => ({
  port: APP_PORT,
  process: server,
  statusUpdate: (key, status) => ({ path: `/api/webhooks/jobs/${key}`, body: json(key, status) }),
  longPoll: (key, wait) => ({
    path: `/api/v1/subjects/${key}?sourceId=${source.id}&wait=terminal&timeout=${wait}`,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  }),
});
const baseline = (server: ChildProcess): LongPollTarget => ({
  port: BASELINE_PORT,
  process: server,
  statusUpdate: (key, status) => ({ path: `/subjects/${key}`, body: json(key, status) }),
  longPoll: (key, wait) => ({ path: `/subjects/${key}?timeout=${wait}`, headers: {} }),
});

const children: ChildProcess[] = [];
const results: { name: string; figures: LongPollFigures }[] = [];

/** One row of the table: starts a server, holds and ends the long-polls, stops it. */
async function measure(
  name: string,
  script: string,
  port: number,
  target: (server: ChildProcess) => LongPollTarget,
) {
  const env = { LOG_LEVEL: "warn", ADMIN_API_KEY: ADMIN_KEY };
  // --expose-gc: the server collects garbage before it reports its memory.
  const args = ["--expose-gc", "--import", "tsx", script];
  const server = await startServerProcess("node", args, port, env, 60_000, { ipc: true });
  children.push(server);
  const figures = await measureLongPolls(target(server), { ...load, databaseUrl: database.url });
  results.push({ name, figures });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited; // its connections close before the next server's are counted
}

try {
  await measure("Switchyard (one instance)", "scripts/bench/app-server.ts", APP_PORT, switchyard);
  await measure(
    "bare node:http + pg LISTEN/NOTIFY",
    "scripts/bench/baseline-long-poll-server.ts",
    BASELINE_PORT,
    baseline,
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
  await database.drop();
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const ms = (value: number) => value.toFixed(0);
console.log(
  `\nLong-poll benchmark: ${load.polls} concurrent long-polls on one server, ${load.senders} concurrent ending webhooks, loopback\n`,
);
console.log("While the long-polls wait (memory after a garbage collection, idle -> held):");
console.log(
  "| server | waiting | DB connections (by application_name) | RSS MB | heap MB | heap per long-poll KB |",
);
console.log("|---|---:|---|---:|---:|---:|");
for (const { name, figures: f } of results) {
  const byName = Object.entries(f.heldConnections).map(([app, count]) => `${app} ${count}`);
  const perPoll = (f.held.heapUsedBytes - f.idle.heapUsedBytes) / 1024 / load.polls;
  console.log(
    `| ${name} | ${f.held.waiting} | ${total(f.heldConnections)}: ${byName.join(", ")} | ${mb(f.idle.rssBytes)} -> ${mb(f.held.rssBytes)} | ${mb(f.idle.heapUsedBytes)} -> ${mb(f.held.heapUsedBytes)} | ${perPoll.toFixed(1)} |`,
  );
}
console.log("\nEnding every subject (wake = answer received - 202 of its ending webhook, ms):");
console.log(
  "| server | opened in ms | answered early | answered | terminal | errors | wake p50 | p95 | p99 | max | answered before its 202 | end total ms | peak DB connections |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const { name, figures: f } of results) {
  const early = f.wakeMs.filter((wake) => wake < 0).length;
  const wake = [0.5, 0.95, 0.99, 1].map((q) => ms(quantile(f.wakeMs, q)));
  console.log(
    `| ${name} | ${ms(f.openMs)} | ${f.answeredEarly} | ${f.answered} | ${f.terminal} | ${f.errors.length} | ${wake.join(" | ")} | ${early} | ${ms(f.endMs)} | ${f.peakConnections} |`,
  );
}
for (const { name, figures } of results) {
  for (const error of figures.errors.slice(0, 5)) console.log(`${name} error: ${error}`);
}
const [ours, bare] = results.map((r) => r.figures);
if (ours && bare) {
  const ratio = (q: number) =>
    (quantile(ours.wakeMs, q) / Math.max(1, quantile(bare.wakeMs, q))).toFixed(1);
  console.log(
    `\nSwitchyard / bare baseline: wake p50 x${ratio(0.5)}, p99 x${ratio(0.99)}, end total x${(ours.endMs / bare.endMs).toFixed(1)}`,
  );
}
const failed = results.some(
  ({ figures: f }) => f.answeredEarly > 0 || f.errors.length > 0 || f.terminal !== load.polls,
);
console.log(
  `Total ${((performance.now() - started) / 1000).toFixed(1)} s${failed ? " — FAILED" : ""}`,
);
process.exit(failed ? 1 : 0);
