import { bulkRetry } from "./functions/bulk-retry";
import { DELIVERIES_PER_ENDPOINT, deliver, deliverFirstAttempts } from "./functions/deliver";
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

/** The embedded runner's workers: 4x the per-endpoint limit, so one endpoint never takes all. */
export const EMBEDDED_RUNNER_WORKERS = 4 * DELIVERIES_PER_ENDPOINT;
