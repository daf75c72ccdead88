// The embedded runner in a worker thread of its own: running functions costs CPU, and on the
// main thread it would slow the webhook path. Same process, same database, own event loop.
// Started, restarted and stopped by src/server/runner-supervisor.ts.
import { workerData } from "node:worker_threads";
import { serve } from "inngest/edge";
import { db, disconnectDb, sqlPool } from "@/domain/db";
import { inngest } from "@/jobs/client";
import { runnerStarted } from "@/jobs/events";
import { EMBEDDED_RUNNER_WORKERS, functions } from "@/jobs/functions";
import { warmUpRunner } from "@/jobs/functions/warm-up";
import { log } from "@/lib/log";
import { startRunnerRetention } from "@/runner/retention";
import { startRunner } from "@/runner/runner";
import { env } from "./env";
import { serveRunnerThread } from "./runner-thread-port";
import { startTelemetry } from "./telemetry";

await serveRunnerThread(async () => {
  // Delivery attempts are made here: this thread exports its own spans.
  const telemetry = await startTelemetry(env(), (message) => log.warn(`runner: ${message}`));
  // The first webhooks after a start must not wait for connections to open: the pools of the
  // processing and delivery path open a few now.
  await Promise.all([
    db.$queryRaw`SELECT 1`,
    ...Array.from({ length: 4 }, () => sqlPool().query("SELECT 1")),
  ]);
  const runner = await startRunner({
    databaseUrl: process.env.DATABASE_URL ?? "",
    handler: serve({ client: inngest, functions: [...functions, warmUpRunner] }),
    concurrency: EMBEDDED_RUNNER_WORKERS, // more than one endpoint's deliveries can hold
    // Named by the supervisor, which ends this runner's leases should the thread die.
    workerId: (workerData as { workerId?: string } | null)?.workerId,
  });
  await inngest.send(runnerStarted.create({}));
  const retention = startRunnerRetention(db, { retentionMs: env().RUNNER_RETENTION });
  return {
    async stop() {
      await Promise.all([runner.stop(), retention.stop()]);
      await Promise.all([disconnectDb(), telemetry.stop()]);
    },
  };
});
