import { markHandedOff } from "@/domain/events/lifecycle";
import { chunk } from "@/lib/chunk";
import { inngest } from "./client";
import { EVENTS_PER_HAND_OFF, eventsReceived } from "./events";

/**
 * Hands committed events to background processing. Called after the 2xx has gone out; if
 * the process dies first, the sweeper (sweep-hand-offs) finds the events and does it.
 */
export async function handOffEvents(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await inngest.send(
    chunk(eventIds, EVENTS_PER_HAND_OFF).map((ids) => eventsReceived.create({ eventIds: ids })),
  );
  await markHandedOff(eventIds);
}

/**
 * Group commit for hand-offs: ids that arrive while a send is in flight go together in the
 * next one, so a burst of webhooks costs a few sends, not hundreds, and a lone webhook is
 * handed off at once instead of waiting for a timer.
 */
export function createHandOffBatcher(opts: {
  maxBatch?: number;
  onError: (error: unknown) => void;
}) {
  const pending: string[] = [];
  let sending = false;
  const flush = () => {
    if (sending || pending.length === 0) return;
    const batch = pending.splice(0, opts.maxBatch ?? 500);
    sending = true;
    handOffEvents(batch)
      .catch(opts.onError)
      .finally(() => {
        sending = false;
        flush();
      });
  };
  return {
    add(eventIds: string[]) {
      pending.push(...eventIds);
      // After the current tick: ids of requests answered in the same tick go together.
      setImmediate(flush);
    },
  };
}
