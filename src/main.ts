// The Switchyard process: `npm start` (production build) and `npm run dev`.
import { log } from "@/lib/log";
import { boot } from "@/server/boot";
import { readEnv } from "@/server/env";

const app = await boot(readEnv(), { dev: process.argv.includes("--dev") }).catch((error: Error) => {
  // A start that cannot go on says why in one line (a stack trace would bury it).
  log.error(`Switchyard cannot start: ${error.message}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: shutting down`);
  await app.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
