// The yardstick for bench:subjects: the least a long-poll can be. node:http, a pg pool of 10
// and one LISTEN connection. POST /subjects/{key} {"status"} stores the status in one statement
// that NOTIFYs (at its commit) when the status is terminal, then answers 202.
// GET /subjects/{key}?timeout=N answers at once when the subject is terminal, else when the
// NOTIFY for its key arrives (or at the timeout), after one read of the row.
import { createServer, type ServerResponse } from "node:http";
import pg from "pg";
import { reportHeldStats } from "./held-stats";

const CHANNEL = "baseline_subject";
const TERMINAL = ["done"];
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(
  "CREATE TABLE IF NOT EXISTS baseline_subjects (key text PRIMARY KEY, status text NOT NULL, terminal boolean NOT NULL)",
);
const waiting = new Map<string, Set<() => void>>();
const listener = new pg.Client({
  connectionString: process.env.DATABASE_URL,
  application_name: "baseline listen",
});
await listener.connect();
await listener.query(`LISTEN ${CHANNEL}`);
listener.on("notification", ({ payload }) => {
  for (const wake of waiting.get(payload ?? "") ?? []) wake();
});

const SET_STATUS = `
  WITH s AS (
    INSERT INTO baseline_subjects (key, status, terminal) VALUES ($1, $2, $3)
    ON CONFLICT (key) DO UPDATE SET status = excluded.status, terminal = excluded.terminal
    RETURNING key, terminal)
  SELECT pg_notify('${CHANNEL}', key) FROM s WHERE terminal`;

async function read(key: string) {
  const { rows } = await pool.query<{ key: string; status: string; terminal: boolean }>(
    "SELECT key, status, terminal FROM baseline_subjects WHERE key = $1",
    [key],
  );
  return rows[0];
}

/** Registered before the first read, so a NOTIFY between the read and the wait is not lost. */
async function waitForTerminal(key: string, timeoutMs: number) {
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const wakers = waiting.get(key) ?? new Set();
  wakers.add(wake);
  waiting.set(key, wakers);
  const timer = setTimeout(wake, timeoutMs);
  try {
    const first = await read(key);
    if (!first || first.terminal) return first;
    await woken;
    return await read(key);
  } finally {
    clearTimeout(timer);
    wakers.delete(wake);
    if (wakers.size === 0) waiting.delete(key);
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const key = decodeURIComponent(url.pathname.replace(/^\/subjects\//, ""));
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const work =
      req.method === "POST"
        ? (async () => {
            const { status } = JSON.parse(Buffer.concat(chunks).toString()) as { status: string };
            await pool.query(SET_STATUS, [key, status, TERMINAL.includes(status)]);
            send(res, 202, { accepted: 1 });
          })()
        : (async () => {
            const timeoutMs = Number(url.searchParams.get("timeout") ?? 30) * 1000;
            const subject = await waitForTerminal(key, timeoutMs);
            send(res, subject ? 200 : 404, subject ?? { error: "not_found" });
          })();
    work.catch(() => send(res, 500, { error: "internal" }));
  });
}).listen(Number(process.env.PORT), "127.0.0.1");

reportHeldStats(() => {
  let count = 0;
  for (const wakers of waiting.values()) count += wakers.size;
  return count;
});
