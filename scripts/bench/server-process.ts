// The server under load in the benchmarks: a child process on a port of its own.
import { type ChildProcess, spawn } from "node:child_process";

/**
 * Whether something answers HTTP on 127.0.0.1:port. It asks for /api/health, which Switchyard
 * answers without Next.js: asking for a console page would load Next.js in the middle of the
 * measurement (it loads on the first console request).
 */
export function answers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/api/health`, { method: "HEAD" }).then(
    () => true,
    () => false,
  );
}

/**
 * Starts `command args` with PORT=port and resolves once it answers HTTP; start.mjs may
 * rebuild the app first, so it has `startMs` (180 s unless given; then it is killed). Its
 * output is dropped but for warnings (stderr) and, should it exit first, its last lines; `ipc` opens a message channel to it.
 */
export async function startServerProcess(
  command: string,
  args: string[],
  port: number,
  env: Record<string, string>,
  startMs = 180_000,
  opts: { ipc?: boolean } = {},
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit", ...(opts.ipc ? (["ipc"] as const) : [])],
  });
  // Dropped but for its tail, which says why should it exit before it answers.
  let tail = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2_000);
  });
  const deadline = Date.now() + startMs;
  while (!(await answers(port))) {
    if (child.exitCode !== null)
      throw new Error(`${args.join(" ")} exited with ${child.exitCode}:\n${tail}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${args.join(" ")} did not start within ${startMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return child;
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopServerProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
