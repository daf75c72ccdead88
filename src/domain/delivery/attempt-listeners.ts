import type { AttemptRecord } from "./record-attempts";

/** What a listener hears of each stored attempt. */
export type HeardAttempt = Pick<
  AttemptRecord,
  "endpointId" | "status" | "responseStatus" | "durationMs"
>;
type Listener = (attempts: readonly HeardAttempt[]) => void;

// On globalThis: Next.js bundles its own copy of this module (/api/inngest runs deliveries in
// Inngest mode), and both copies must reach the one listener the metrics registered.
const holder = globalThis as unknown as { switchyardAttemptListeners?: Set<Listener> };
holder.switchyardAttemptListeners ??= new Set();
const listeners = holder.switchyardAttemptListeners;

/** Calls `listener` after every batch of attempts is stored (metrics count them). */
export function onAttemptsRecorded(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function attemptsRecorded(attempts: readonly HeardAttempt[]): void {
  for (const listener of listeners) listener(attempts);
}
