import { sqlPool } from "@/domain/db";
import { deliverySettings } from "@/domain/delivery/settings";
import { parseDuration } from "@/lib/durations";
import { newId } from "@/lib/ids";
import { getPath } from "@/lib/json-path";
import { sendOutbound } from "@/lib/net/outbound-request";
import { applyTracking } from "./apply-tracking";
import { parseTracking, pollBackoffMs } from "./poll-schedule";
import { applyObservation, observe, type SubjectState } from "./subject-state";
import { type PollRule, pollUrlFor, type TrackingRule } from "./tracking-rule";

/** At most this many polls at once per source: a provider is asked a few subjects at a time. */
const POLLS_PER_SOURCE = 4;
/** A claimed subject is someone else's again after this, should its poller die mid-poll. */
const CLAIM_LEASE_MS = 5 * 60_000;

interface DueSubject {
  id: string;
  key: string;
  sourceId: string | null;
  tenantId: string;
  pollFailures: number;
  tracking: unknown;
  eventType: unknown;
}

export interface PollRound {
  polled: number;
  failed: number;
  /** Poll events that changed a state, and completions they caused: to hand to processing. */
  eventIds: string[];
  /** More subjects were due than this round took. */
  more: boolean;
  /** The soonest poll still scheduled, so a short `every` can wake the poller in time. */
  nextPollAt: Date | null;
}

/**
 * Polls subjects silent past their source's `after`: claims up to `limit` due subjects (SKIP
 * LOCKED, so pollers on several instances share the work), asks each provider a few at a
 * time, and records what the answer teaches as a `poll` event. A provider that fails is
 * asked again later, backing off; once a source's polls start failing, the rest of its
 * subjects wait for the next round instead of queueing behind a dead provider.
 */
export async function pollDueSubjects(limit = 50): Promise<PollRound> {
  const due = await claimDueSubjects(limit);
  const bySource = new Map<string, DueSubject[]>();
  for (const subject of due) {
    const list = bySource.get(subject.sourceId ?? "") ?? [];
    list.push(subject);
    bySource.set(subject.sourceId ?? "", list);
  }
  const round: PollRound = {
    polled: 0,
    failed: 0,
    eventIds: [],
    more: due.length === limit,
    nextPollAt: null,
  };
  await Promise.all(
    [...bySource.values()].map(async (subjects) => {
      const rule = parseTracking(subjects[0]?.tracking);
      if (!rule?.poll) return unschedule(subjects.map((subject) => subject.id));
      let failuresInARow = 0;
      const queue = [...subjects];
      const worker = async () => {
        for (let subject = queue.shift(); subject; subject = queue.shift()) {
          if (failuresInARow >= POLLS_PER_SOURCE) {
            await pollFailed(subject, rule.poll as PollRule, "skipped: the provider is failing");
            continue;
          }
          const outcome = await pollOne(subject, rule);
          round.polled++;
          if (outcome.ok) {
            failuresInARow = 0;
            round.eventIds.push(...outcome.eventIds);
          } else {
            failuresInARow++;
            round.failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: POLLS_PER_SOURCE }, worker));
    }),
  );
  round.nextPollAt = await nextScheduledPoll();
  return round;
}

async function claimDueSubjects(limit: number): Promise<DueSubject[]> {
  const { rows } = await sqlPool().query<DueSubject>(
    `WITH due AS (
       SELECT id FROM "Subject"
       WHERE "nextPollAt" <= now() AND NOT terminal
       ORDER BY "nextPollAt" LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE "Subject" s SET "nextPollAt" = now() + $2 * interval '1 millisecond'
     FROM due WHERE s.id = due.id
     RETURNING s.id, s.key, s."sourceId", s."tenantId", s."pollFailures",
       (SELECT tracking FROM "Source" WHERE id = s."sourceId") AS tracking,
       (SELECT "eventType" FROM "Source" WHERE id = s."sourceId") AS "eventType"`,
    [limit, CLAIM_LEASE_MS],
  );
  return rows;
}

type PollOutcome = { ok: true; eventIds: string[] } | { ok: false };

async function pollOne(subject: DueSubject, rule: TrackingRule): Promise<PollOutcome> {
  const poll = rule.poll as PollRule;
  let answer: unknown;
  try {
    const response = await sendOutbound(pollUrlFor(poll.url, subject.key), {
      method: "GET",
      headers: { accept: "application/json", ...poll.headers },
      timeoutMs: poll.timeoutMs,
      allowPrivate: deliverySettings().allowPrivate,
      maxBodyBytes: 256 * 1024,
    });
    if (response.status < 200 || response.status >= 300)
      throw new Error(`the provider answered ${response.status}`);
    answer = JSON.parse(response.body);
  } catch (error) {
    const message =
      error instanceof SyntaxError ? "the answer is not JSON" : (error as Error).message;
    await pollFailed(subject, poll, message);
    return { ok: false };
  }
  return { ok: true, eventIds: await recordPoll(subject, rule, answer) };
}

/**
 * What a poll learned, in one transaction: a `poll` event when it changes the subject's
 * state (applied like a webhook's, groups included); otherwise only when it was asked.
 */
async function recordPoll(subject: DueSubject, rule: TrackingRule, answer: unknown) {
  const poll = rule.poll as PollRule;
  const observation = observe(poll, answer);
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<SubjectState>(
      `SELECT status, terminal, progress, result, error, fields, "updatedBy"
       FROM "Subject" WHERE id = $1 FOR UPDATE`,
      [subject.id],
    );
    const state = rows[0];
    const verdict = state && applyObservation(state, observation, rule.terminal, "poll");
    let eventIds: string[] = [];
    if (verdict?.effect === "changed") {
      const eventId = newId("event");
      await client.query(
        `INSERT INTO "Event" (id, "tenantId", "sourceId", "subjectId", type, origin,
           "idempotencyKey", payload, "subjectStatus", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, 'poll', $6, $7, $8, now())`,
        [
          eventId,
          subject.tenantId,
          subject.sourceId,
          subject.id,
          pollEventType(subject.eventType, answer),
          `poll:${eventId}`,
          JSON.stringify(answer ?? null),
          observation.status,
        ],
      );
      await client.query(`UPDATE "Subject" SET "lastEventAt" = now() WHERE id = $1`, [subject.id]);
      const outcome = await applyTracking(
        client,
        [
          {
            eventId,
            subjectId: subject.id,
            observation,
            terminalStatuses: rule.terminal,
            pollAfterMs: parseDuration(poll.every),
          },
        ],
        "poll",
      );
      eventIds = [eventId, ...outcome.publishedEventIds];
    } else {
      await client.query(
        `UPDATE "Subject" SET "pollFailures" = 0, "lastPollError" = NULL,
           "nextPollAt" = CASE WHEN terminal THEN NULL ELSE now() + $2 * interval '1 millisecond' END
         WHERE id = $1`,
        [subject.id, parseDuration(poll.every)],
      );
    }
    await client.query(
      `UPDATE "Subject" SET "lastPolledAt" = now(), "lastPollError" = NULL WHERE id = $1`,
      [subject.id],
    );
    await client.query("COMMIT");
    return eventIds;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function pollFailed(subject: DueSubject, poll: PollRule, message: string) {
  const failures = subject.pollFailures + 1;
  await sqlPool().query(
    `UPDATE "Subject" SET "pollFailures" = $2, "lastPollError" = $3, "lastPolledAt" = now(),
       "nextPollAt" = CASE WHEN terminal THEN NULL ELSE now() + $4 * interval '1 millisecond' END
     WHERE id = $1`,
    [
      subject.id,
      failures,
      message.slice(0, 500),
      pollBackoffMs(parseDuration(poll.every), failures),
    ],
  );
}

/** A source whose poll rule is gone: its subjects are no longer polled. */
async function unschedule(subjectIds: string[]) {
  await sqlPool().query(`UPDATE "Subject" SET "nextPollAt" = NULL WHERE id = ANY($1)`, [
    subjectIds,
  ]);
}

async function nextScheduledPoll(): Promise<Date | null> {
  const { rows } = await sqlPool().query<{ at: Date | null }>(
    `SELECT min("nextPollAt") AS at FROM "Subject" WHERE "nextPollAt" IS NOT NULL`,
  );
  return rows[0]?.at ?? null;
}

/** The source's event-type rule read from the answer where it can be; else `subject.polled`. */
function pollEventType(rule: unknown, answer: unknown): string {
  const typeRule = rule as { fixed?: string; from?: string; path?: string } | null;
  if (typeRule?.fixed) return typeRule.fixed;
  const value = typeRule?.from === "path" && typeRule.path ? getPath(answer, typeRule.path) : null;
  return typeof value === "string" && value ? value.slice(0, 200) : "subject.polled";
}
