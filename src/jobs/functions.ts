import { bulkRetry } from "./functions/bulk-retry";
import { deliver, deliverFirstAttempts } from "./functions/deliver";
import { findSilentSubjects, pollSourceSubjects } from "./functions/poll-subjects";
import { processEvent, processEvents } from "./functions/process-event";
import { pruneRetention } from "./functions/prune-retention";
import { sweepHandOffs } from "./functions/sweep-hand-offs";

/** Every Inngest function Switchyard serves; each step calls into src/domain. */
export const functions = [
  processEvents,
  processEvent,
  deliverFirstAttempts,
  deliver,
  bulkRetry,
  sweepHandOffs,
  findSilentSubjects,
  pollSourceSubjects,
  pruneRetention,
];

/**
 * The embedded runner's workers: more than twice a tenant's share of delivery runs (which holds
 * more than one endpoint's), so a tenant whose endpoints hang leaves most workers to the rest.
 */
export const EMBEDDED_RUNNER_WORKERS = 20;
