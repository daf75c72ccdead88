import { inSqlTransaction } from "@/domain/db";
import { parseDuration } from "@/lib/durations";
import { newId } from "@/lib/ids";
import { getPath } from "@/lib/json-path";
import { applyTracking } from "./apply-tracking";
import { applyObservation, observe, type SubjectState } from "./subject-state";
import type { PollRule, TrackingRule } from "./tracking-rule";

/** A subject claimed for a poll, with what its source says about polling it. */
export interface DueSubject {
  id: string;
  key: string;
  sourceId: string | null;
  tenantId: string;
  pollFailures: number;
  tracking: unknown;
  eventType: unknown;
}

/**
 * What a poll learned, in one transaction: a `poll` event when it changes the subject's
 * state (applied like a webhook's, groups included); otherwise only that it was asked, and
 * when to ask next.
 */
export async function recordPoll(subject: DueSubject, rule: TrackingRule, answer: unknown) {
  const poll = rule.poll as PollRule;
  const observation = observe(poll, answer);
  return inSqlTransaction(async (client) => {
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
    return eventIds;
  });
}

/** The source's event-type rule read from the answer where it can be; else `subject.polled`. */
function pollEventType(rule: unknown, answer: unknown): string {
  const typeRule = rule as { fixed?: string; from?: string; path?: string } | null;
  if (typeRule?.fixed) return typeRule.fixed;
  const value = typeRule?.from === "path" && typeRule.path ? getPath(answer, typeRule.path) : null;
  return typeof value === "string" && value ? value.slice(0, 200) : "subject.polled";
}
