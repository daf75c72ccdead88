import { Inngest } from "inngest";
import { db } from "@/domain/db";
import { embeddedRunnerFetch } from "@/runner/event-intake";

/** Inngest when its keys are set (PRODUCT.md); otherwise the embedded runner (src/runner). */
export const usesEmbeddedRunner =
  !process.env.INNGEST_EVENT_KEY && !process.env.INNGEST_SIGNING_KEY;

// The one place that differs between the modes: with the embedded runner, what the SDK would
// send to Inngest's event API is stored in PostgreSQL for the runner instead.
export const inngest = new Inngest({
  id: "switchyard",
  ...(usesEmbeddedRunner ? { isDev: true, fetch: embeddedRunnerFetch(() => db) } : {}),
});
