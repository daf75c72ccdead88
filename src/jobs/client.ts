import { Inngest } from "inngest";
import { sqlPool } from "@/domain/db";
import { embeddedRunnerFetch } from "@/runner/event-intake";
import { type InngestSettings, runnerMode, usesInngestDevServer } from "./runner-mode";

// The server validated these settings at start-up (src/server/env.ts) and decides the mode
// with the same function; this module reads them raw because jobs do not import the server.
const settings: InngestSettings = {
  INNGEST_EVENT_KEY: process.env.INNGEST_EVENT_KEY,
  INNGEST_SIGNING_KEY: process.env.INNGEST_SIGNING_KEY,
  INNGEST_DEV: process.env.INNGEST_DEV,
};

/** Inngest when its keys or INNGEST_DEV are set (PRODUCT.md); otherwise the embedded runner. */
export const usesEmbeddedRunner = runnerMode(settings) === "embedded";

// The one place that differs between the modes: with the embedded runner, what the SDK would
// send to Inngest's event API is stored in PostgreSQL for the runner instead. With INNGEST_DEV
// the SDK talks to the Dev Server (INNGEST_DEV=<url> or its default) and needs no keys.
export const inngest = new Inngest({
  id: "switchyard",
  ...(usesEmbeddedRunner
    ? { isDev: true, fetch: embeddedRunnerFetch(sqlPool) }
    : { isDev: usesInngestDevServer(settings) }),
});
