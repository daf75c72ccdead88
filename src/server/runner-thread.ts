// The embedded runner in a worker thread of its own: running functions costs CPU, and on the
// main thread it would slow the webhook path. Same process, same database, own event loop.
import { parentPort } from "node:worker_threads";
import { serve } from "inngest/edge";
import { db, disconnectDb } from "@/domain/db";
import { inngest } from "@/jobs/client";
import { functions } from "@/jobs/functions";
import { log } from "@/lib/log";
import { startRunner } from "@/runner/runner";

const runner = await startRunner({
  db,
  databaseUrl: process.env.DATABASE_URL ?? "",
  handler: serve({ client: inngest, functions }),
});
parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  void runner
    .stop()
    .then(() => disconnectDb())
    .catch((error) => log.error(`runner: stopping failed: ${(error as Error).message}`))
    .finally(() => parentPort?.postMessage("stopped"));
});
parentPort?.postMessage("started");
