// PRODUCT.md (Tracked subjects): a long-poll answers "as soon as the subject is terminal (within
// a second of the 202 that made it so)", whichever app instance took that webhook, and a
// waiting long-poll holds no database connection: each process has one LISTEN connection that
// hears every subject's end (src/domain/subjects/subject-waits.ts).
import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/domain/db";
import { stopSubjectWaits, waitingRequests } from "@/domain/subjects/subject-waits";
import { api, type Body, ok, serveApiForTheseTests, serverUrl } from "../api/rest-kit";
import {
  handOffsSettled,
  newSource,
  newTenant,
  postWebhook,
  randomSuffix,
  waitFor,
} from "../support/inbound-kit";

serveApiForTheseTests(); // instance A, in this process

let tenantId = "";
let source = { id: "", slug: "" };
let monitor: pg.Client | undefined;
let instanceB: { url: string; process: ChildProcess } | undefined;

beforeAll(async () => {
  tenantId = (await newTenant("long-poll")).id;
  source = await newSource(tenantId, "jobs", {
    subject: { from: "url" },
    tracking: { status: "status", terminal: ["done"] },
  });
  monitor = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await monitor.connect();
  instanceB = await startInstanceB();
});
afterAll(async () => {
  if (tenantId) await handOffsSettled(tenantId);
  instanceB?.process.kill("SIGTERM");
  await monitor?.end();
  await stopSubjectWaits();
  await disconnectDb();
});

/** tests/fixtures/app-instance.ts in a process of its own, on this test's database. */
async function startInstanceB() {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/app-instance.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await waitFor(
    "the second app instance to be ready",
    async () => {
      if (child.exitCode !== null) throw new Error(`instance B exited (${child.exitCode})`);
      return /ready (\S+)/.exec(output)?.[1];
    },
    90_000,
  );
  return { url, process: child };
}

/** A webhook setting the job's status, through the instance at `baseUrl`; when its 202 came. */
async function setStatus(baseUrl: string, key: string, status: string): Promise<number> {
  const reply = await postWebhook(baseUrl, `${source.slug}/${key}`, { job: key, status });
  const at = performance.now();
  expect(reply.status, reply.text).toBe(202);
  return at;
}

/** A long-poll on instance A; resolves with its reply and when it came. */
function longPoll(key: string, timeoutS = 30) {
  const path = `/subjects/${key}?sourceId=${source.id}&wait=terminal&timeout=${timeoutS}`;
  return api("GET", path).then((reply) => ({ reply, at: performance.now() }));
}

/** Connections to the test database, but the monitor's own. */
async function databaseConnections(): Promise<number> {
  const { rows } = await (monitor as pg.Client).query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return rows[0]?.count ?? 0;
}

const waitingOnA = (count: number) =>
  waitFor(`${count} long-polls to wait on instance A`, async () => waitingRequests() >= count);

describe("long-polls across app instances", () => {
  it("a long-poll on instance A answers within 1 s of the 202 from instance B", async () => {
    const key = `job-${randomSuffix()}`;
    await setStatus(serverUrl(), key, "running");
    expect(instanceB?.url).not.toBe(serverUrl());

    const alreadyWaiting = waitingRequests();
    let answered = false;
    const poll = longPoll(key).finally(() => {
      answered = true;
    });
    await waitingOnA(alreadyWaiting + 1);
    expect(answered).toBe(false);

    const endedAt = await setStatus(instanceB?.url ?? "", key, "done");
    const { reply, at } = await poll;
    expect(ok(reply)).toMatchObject({ key, status: "done", terminal: true });
    expect(at - endedAt).toBeLessThan(1_000);
  });

  it("waiting long-polls hold no database connection", async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `job-${randomSuffix()}-${i}`);
    for (const key of keys) await setStatus(serverUrl(), key, "running");
    // Plain reads at the same concurrency first: the pools grow to their working size now,
    // not while the long-polls are counted.
    const read = (key: string) => api("GET", `/subjects/${key}?sourceId=${source.id}`);
    for (const reply of await Promise.all(keys.map(read))) ok(reply);
    const before = await databaseConnections();

    const alreadyWaiting = waitingRequests();
    const polls = keys.map((key) => longPoll(key));
    await waitingOnA(alreadyWaiting + keys.length);
    // At most the one LISTEN connection of this process (and a spare) more than before.
    expect(await databaseConnections()).toBeLessThanOrEqual(before + 2);
    // The pool is free: were each long-poll holding a connection, these would queue behind them.
    const started = performance.now();
    for (const reply of await Promise.all(keys.slice(0, 20).map(read))) {
      expect(ok(reply)).toMatchObject({ status: "running", terminal: false });
    }
    expect(performance.now() - started).toBeLessThan(5_000);

    for (const key of keys) await setStatus(instanceB?.url ?? "", key, "done");
    const answers = await Promise.all(polls);
    expect(answers.map(({ reply }) => (ok(reply) as Body).terminal)).toEqual(keys.map(() => true));
  });
});
