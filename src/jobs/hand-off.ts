import { markHandedOff } from "@/domain/events/lifecycle";
import { inngest } from "./client";
import { eventReceived } from "./events";

/**
 * Hands committed events to background processing. Called after the 2xx has gone out; if
 * the process dies first, the sweeper (sweep-hand-offs) finds the events and does it.
 */
export async function handOffEvents(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await inngest.send(eventIds.map((eventId) => eventReceived.create({ eventId })));
  await markHandedOff(eventIds);
}

/** Collects ids for a few milliseconds so a burst of webhooks costs one send, not hundreds. */
export function createHandOffBatcher(opts: {
  maxDelayMs?: number;
  maxBatch?: number;
  onError: (error: unknown) => void;
}) {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    handOffEvents(batch).catch(opts.onError);
  };
  return {
    add(eventIds: string[]) {
      pending.push(...eventIds);
      if (pending.length >= (opts.maxBatch ?? 500)) {
        if (timer) clearTimeout(timer);
        flush();
      } else timer ??= setTimeout(flush, opts.maxDelayMs ?? 25);
    },
  };
}
