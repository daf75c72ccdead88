// bench:subjects' load: N subjects made by a status update each, N long-polls held at once on
// one server, then every subject ended by a second update while the bench times, for each
// long-poll, its answer against the 202 of the update that ended its subject.
import type { ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import pg from "pg";
import { askHeldStats, type HeldStats } from "./held-stats";

/** How the bench speaks to one server: the same steps for Switchyard and the baseline. */
export interface LongPollTarget {
  port: number;
  /** The server process, which answers `askHeldStats`. */
  process: ChildProcess;
  /** The request that sets a subject's status (for Switchyard, a webhook). */
  statusUpdate(key: string, status: string): { path: string; body: string };
  /** The long-poll for a subject's end (waiting up to `wait` seconds), and its headers. */
  longPoll(key: string, wait: number): { path: string; headers: Record<string, string> };
}

export interface LongPollFigures {
  idle: HeldStats;
  held: HeldStats;
  /** The server's connections to the database while the long-polls wait, by application_name. */
  heldConnections: Record<string, number>;
  /** The most connections seen from the start of the long-polls to the last answer. */
  peakConnections: number;
  openMs: number;
  answeredEarly: number;
  answered: number;
  terminal: number;
  errors: string[];
  /** Answer time minus the 202 of the ending update, ms, sorted (negative: answer came first). */
  wakeMs: number[];
  /** From the first ending update sent to the last answer. */
  endMs: number;
}

interface Reply {
  status: number;
  body: string;
  at: number;
}

function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const at = performance.now();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), at });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `work` over the items with `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function sleep(ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The connections to this database, but the monitor's own, by application_name. */
async function connections(monitor: pg.Client): Promise<Record<string, number>> {
  const { rows } = await monitor.query<{ name: string; count: number }>(
    `SELECT coalesce(nullif(application_name, ''), '(pool)') AS name, count(*)::int AS count
     FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
     GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.count]));
}

export const total = (byName: Record<string, number>) =>
  Object.values(byName).reduce((sum, count) => sum + count, 0);

export async function measureLongPolls(
  target: LongPollTarget,
  opts: { polls: number; senders: number; databaseUrl: string; timeoutS: number },
): Promise<LongPollFigures> {
  const keys = Array.from({ length: opts.polls }, (_, i) => `job-${String(i).padStart(5, "0")}`);
  const senders = new Agent({ keepAlive: true, maxSockets: opts.senders });
  const pollers = new Agent({ keepAlive: true, maxSockets: opts.polls + 10 });
  const monitor = new pg.Client({ connectionString: opts.databaseUrl });
  await monitor.connect();
  const errors: string[] = [];
  let sampler: NodeJS.Timeout | undefined;
  let sampled = Promise.resolve();
  const update = async (key: string, status: string) => {
    const { path, body } = target.statusUpdate(key, status);
    const headers = { "content-type": "application/json" };
    const reply = await send(senders, target.port, "POST", path, headers, body);
    if (reply.status !== 202) throw new Error(`POST ${path}: ${reply.status} ${reply.body}`);
    return reply.at;
  };
  try {
    await inParallel(keys, opts.senders, async (key) => void (await update(key, "running")));
    // A read that does not wait first, so the idle figures include the code the reads load.
    const warmUp = target.longPoll(keys[0] ?? "", 0);
    await send(pollers, target.port, "GET", warmUp.path, warmUp.headers);
    const idle = await askHeldStats(target.process, true);

    const openStart = performance.now();
    const answers = new Map<string, Reply>();
    const polls = keys.map((key) => {
      const { path, headers } = target.longPoll(key, opts.timeoutS);
      return send(pollers, target.port, "GET", path, headers).then(
        (reply) => void answers.set(key, reply),
        (error: Error) => void errors.push(`${key}: ${error.message}`),
      );
    });
    let held = await askHeldStats(target.process);
    while (held.waiting < opts.polls && answers.size + errors.length === 0) {
      // Past half their timeout, some would answer by timing out: the figures would mean nothing.
      if (performance.now() - openStart > (opts.timeoutS * 1000) / 2)
        throw new Error(`only ${held.waiting} of ${opts.polls} long-polls are waiting`);
      await sleep(50);
      held = await askHeldStats(target.process);
    }
    const openMs = performance.now() - openStart;
    await sleep(500); // settled: the pool's idle connections show, a late answer would too
    held = await askHeldStats(target.process, true);
    const heldConnections = await connections(monitor);
    const answeredEarly = answers.size + errors.length;

    let peakConnections = total(heldConnections);
    sampler = setInterval(() => {
      sampled = sampled.then(async () => {
        peakConnections = Math.max(peakConnections, total(await connections(monitor)));
      });
    }, 100);
    const acked = new Map<string, number>();
    const endStart = performance.now();
    await inParallel(
      keys,
      opts.senders,
      async (key) => void acked.set(key, await update(key, "done")),
    );
    await Promise.all(polls);
    const endMs = performance.now() - endStart;
    clearInterval(sampler);
    await sampled;

    const wakeMs: number[] = [];
    let terminal = 0;
    for (const [key, reply] of answers) {
      if (reply.status !== 200) errors.push(`${key}: ${reply.status} ${reply.body.slice(0, 200)}`);
      else if ((JSON.parse(reply.body) as { terminal?: boolean }).terminal === true) terminal++;
      const ackedAt = acked.get(key);
      if (ackedAt !== undefined) wakeMs.push(reply.at - ackedAt);
    }
    wakeMs.sort((a, b) => a - b);
    const figures = { idle, held, heldConnections, peakConnections, openMs, answeredEarly };
    return { ...figures, answered: answers.size, terminal, errors, wakeMs, endMs };
  } finally {
    clearInterval(sampler);
    await sampled.catch(() => {});
    senders.destroy();
    pollers.destroy();
    await monitor.end();
  }
}

/** The value at quantile `q` of sorted samples. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
