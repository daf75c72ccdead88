import type pg from "pg";
import { completeGroups } from "./complete-groups";
import { applyObservation, type Observation, type SubjectState } from "./subject-state";

/** One stored event's say on its subject, with what its source's rule needs to judge it. */
export interface TrackedEvent {
  eventId: string;
  subjectId: string;
  observation: Observation;
  terminalStatuses: readonly string[];
  /** The source's poll rule `after`, in ms: the silence after which the subject is polled. */
  pollAfterMs: number | null;
}

export interface TrackingOutcome {
  /** Events for subjects already terminal: completed as they are, never fanned out. */
  ignoredEventIds: string[];
  /** `<type>.completed` events of groups this closed: to hand to processing after commit. */
  publishedEventIds: string[];
  /** The soonest poll this scheduled, so a short `after` can wake the poller in time. */
  nextPollAt: Date | null;
}

/** Subjects that became terminal are announced on this channel (at commit), for long-polls. */
export const SUBJECT_CHANNEL = "switchyard_subject";

/**
 * Applies stored events to their subjects' state, inside the transaction that stored them.
 * The subject rows are locked (FOR UPDATE) and re-read here, so concurrent callbacks for
 * one subject queue up and each sees the last one's state: no update is lost.
 */
export async function applyTracking(
  client: pg.ClientBase,
  events: TrackedEvent[],
  by: "webhook" | "poll",
): Promise<TrackingOutcome> {
  if (events.length === 0) return { ignoredEventIds: [], publishedEventIds: [], nextPollAt: null };
  const subjectIds = [...new Set(events.map((event) => event.subjectId))].sort();
  const { rows } = await client.query<SubjectState & { id: string }>(
    `SELECT id, status, terminal, progress, result, error, fields, "updatedBy"
     FROM "Subject" WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
    [subjectIds],
  );
  const states = new Map(rows.map(({ id, ...state }) => [id, state]));
  const changed = new Set<string>();
  const becameTerminal = new Set<string>();
  const ignoredEventIds: string[] = [];
  const pollAfter = new Map<string, number | null>();
  for (const event of events) {
    const state = states.get(event.subjectId);
    if (!state) continue;
    pollAfter.set(event.subjectId, event.pollAfterMs);
    const verdict = applyObservation(state, event.observation, event.terminalStatuses, by);
    if (verdict.effect === "ignored") ignoredEventIds.push(event.eventId);
    if (verdict.effect !== "changed") continue;
    states.set(event.subjectId, verdict.state);
    changed.add(event.subjectId);
    if (verdict.becameTerminal) becameTerminal.add(event.subjectId);
  }

  const updates = [...pollAfter.keys()].map((id) => {
    const state = states.get(id) as SubjectState;
    return {
      id,
      changed: changed.has(id),
      became_terminal: becameTerminal.has(id),
      ...state,
      // Every event restarts the silence a poll waits for; a closed subject is never polled.
      poll_after_ms: state.terminal ? null : (pollAfter.get(id) ?? null),
    };
  });
  const written = await client.query<{ next_poll_at: Date | null }>(UPDATE_SUBJECTS_SQL, [
    JSON.stringify(updates),
  ]);
  if (ignoredEventIds.length > 0) await client.query(IGNORE_EVENTS_SQL, [ignoredEventIds]);
  let publishedEventIds: string[] = [];
  if (becameTerminal.size > 0) {
    await client.query(`SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id`, [
      SUBJECT_CHANNEL,
      [...becameTerminal],
    ]);
    publishedEventIds = await completeGroups(client, [...becameTerminal]);
  }
  const pollTimes = written.rows.flatMap((row) => (row.next_poll_at ? [row.next_poll_at] : []));
  return {
    ignoredEventIds,
    publishedEventIds,
    nextPollAt: pollTimes.length > 0 ? new Date(Math.min(...pollTimes.map(Number))) : null,
  };
}

const UPDATE_SUBJECTS_SQL = `
  UPDATE "Subject" AS s SET
    status = CASE WHEN u.changed THEN u.status ELSE s.status END,
    terminal = CASE WHEN u.changed THEN u.terminal ELSE s.terminal END,
    "terminalAt" = CASE WHEN u.became_terminal THEN now() ELSE s."terminalAt" END,
    progress = CASE WHEN u.changed THEN u.progress ELSE s.progress END,
    result = CASE WHEN u.changed THEN u.result ELSE s.result END,
    error = CASE WHEN u.changed THEN u.error ELSE s.error END,
    fields = CASE WHEN u.changed THEN coalesce(u.fields, '{}') ELSE s.fields END,
    "updatedBy" = CASE WHEN u.changed THEN u."updatedBy"::"SubjectUpdater" ELSE s."updatedBy" END,
    "nextPollAt" = CASE WHEN u.poll_after_ms IS NULL THEN NULL
                        ELSE now() + u.poll_after_ms * interval '1 millisecond' END,
    "pollFailures" = 0,
    "updatedAt" = now()
  FROM jsonb_to_recordset($1::jsonb) AS u(
    id text, changed boolean, became_terminal boolean, status text, terminal boolean,
    progress float8, result jsonb, error jsonb, fields jsonb, "updatedBy" text, poll_after_ms float8)
  WHERE s.id = u.id
  RETURNING s."nextPollAt" AS next_poll_at`;

// Kept on the timeline, acknowledged, but finished at once: nothing hands it to fan-out.
const IGNORE_EVENTS_SQL = `
  UPDATE "Event" SET ignored = true, status = 'completed', "processedAt" = now(),
    "handedOffAt" = now(), "updatedAt" = now()
  WHERE id = ANY($1)`;
