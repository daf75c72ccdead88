import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { createServer } from "node:net";
import { eventually } from "@/runner/test-app";

export interface AppProcess {
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM; resolves with its exit code once it has exited. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash or the OOM killer would; resolves once it is gone. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Switchyard booted as `npm start` boots it (tests/fixtures/embedded-app.ts, without the
 * console), in a child process with `env` on a free port; resolves once it serves.
 */
export async function startAppProcess(env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const port = await freePort();
  let output = "";
  // Its log stays in its own output, for the test to read; the run's log file gets a copy
  // when it stops (searched for secrets at the end of the run).
  const { LOG_FILE: runLog, LOG_FORMAT: _format, ...own } = env;
  const app: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "tests/fixtures/embedded-app.ts"],
    { env: { ...own, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] },
  );
  app.once("exit", () => {
    if (runLog) appendFileSync(runLog, output);
  });
  app.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  app.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await eventually(
    async () => {
      if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode}): ${output}`);
      return /ready /.test(output);
    },
    90_000,
    "the app to start",
  );
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (app.exitCode !== null || app.signalCode !== null) return app.exitCode;
      const exited = new Promise<number | null>((resolve) => app.once("exit", resolve));
      app.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (app.exitCode !== null || app.signalCode !== null) return;
      const exited = new Promise((resolve) => app.once("exit", resolve));
      app.kill("SIGKILL");
      await exited;
    },
  };
}
