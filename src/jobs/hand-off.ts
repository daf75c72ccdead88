import { markHandedOff } from "@/domain/events/lifecycle";
import { handOffInline } from "@/domain/ingest/group-commit";
import { chunk } from "@/lib/chunk";
import { newId } from "@/lib/ids";
import { storeEventPerRowSql, storeIdBatchesSql, wakeRunnersSql } from "@/runner/event-intake";
import { inngest, usesEmbeddedRunner } from "./client";
import {
  deliveryRequested,
  EVENTS_PER_HAND_OFF,
  eventsReceived,
  FIRST_ATTEMPT_KEY_PREFIX,
} from "./events";

/**
 * With the embedded runner, webhooks' events are fanned out or handed off by the statement
 * that stores them (InlineHandOff in src/domain/ingest/group-commit.ts): called once at
 * start-up. The first attempts it requests are what process-events would send.
 */
export function handOffWebhooksInline(): void {
  if (!usesEmbeddedRunner) return;
  handOffInline({
    sql: [
      storeIdBatchesSql({
        cte: "id_batches",
        name: eventsReceived.name,
        idsCte: "handed",
        perEvent: EVENTS_PER_HAND_OFF,
        storedIdsParam: "$3",
      }),
      storeEventPerRowSql({
        cte: "first_attempts",
        name: deliveryRequested.name,
        rowsCte: "requested",
        id: "job_event_id",
        key: `'${FIRST_ATTEMPT_KEY_PREFIX}' || delivery_id`,
        data: `jsonb_build_object('deliveryId', delivery_id, 'endpointId', endpoint_id,
                 'tenantId', tenant_id, 'trigger', 'schedule')`,
      }),
      wakeRunnersSql(["id_batches", "first_attempts"]),
    ].join(""),
    perEvent: EVENTS_PER_HAND_OFF,
    newId: () => newId("jobEvent"),
  });
}

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
 * handed off at once instead of waiting for a timer. A failed send (the database or Inngest
 * away) is tried again, backing off from half a second to 30 s, so processing resumes as soon
 * as they are back; the sweeper stays the net for a process that dies meanwhile.
 */
export function createHandOffBatcher(opts: {
  maxBatch?: number;
  /** Ids kept for another try at most; beyond, the oldest are left to the sweeper. */
  maxPending?: number;
  onError: (error: unknown) => void;
}) {
  const maxPending = opts.maxPending ?? 50_000;
  let pending: string[] = [];
  let sending = false;
  let backoffMs = 0;
  let retry: NodeJS.Timeout | undefined;
  const flush = () => {
    if (sending || retry || pending.length === 0) return;
    const batch = pending.splice(0, opts.maxBatch ?? 500);
    sending = true;
    handOffEvents(batch)
      .then(
        () => {
          backoffMs = 0;
        },
        (error: unknown) => {
          opts.onError(error);
          pending = [...batch, ...pending].slice(-maxPending);
          backoffMs = Math.min(30_000, Math.max(500, backoffMs * 2));
          retry = setTimeout(() => {
            retry = undefined;
            flush();
          }, backoffMs);
          retry.unref();
        },
      )
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
