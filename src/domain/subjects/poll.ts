import { sqlPool } from "@/domain/db";
import { deliverySettings } from "@/domain/delivery/settings";
import { parseDuration } from "@/lib/durations";
import { sendOutbound } from "@/lib/net/outbound-request";
import { nextScheduledPoll } from "./claim-polls";
import { openPollHeaders } from "./poll-headers";
import { parseTracking, pollBackoffMs } from "./poll-schedule";
import { type DueSubject, recordPoll } from "./record-poll";
import { type PollRule, pollUrlFor, type TrackingRule } from "./tracking-rule";

/** At most this many polls at once per source: a provider is asked a few subjects at a time. */
const POLLS_PER_SOURCE = 4;

/** The claimed subjects, with what their source says about polling them. */
async function loadClaimed(subjectIds: string[]): Promise<DueSubject[]> {
  const { rows } = await sqlPool().query<DueSubject>(
    `SELECT s.id, s.key, s."sourceId", s."tenantId", s."pollFailures", src.tracking,
       src."eventType"
     FROM "Subject" s LEFT JOIN "Source" src ON src.id = s."sourceId"
     WHERE s.id = ANY($1) AND NOT s.terminal`,
    [subjectIds],
  );
  return rows;
}

export interface PollRound {
  polled: number;
  failed: number;
  /** Poll events that changed a state, and completions they caused: to hand to processing. */
  eventIds: string[];
  /** The soonest poll now scheduled, these subjects' next ones included. */
  nextPollAt: Date | null;
}

/**
 * Asks each provider about its claimed subjects, a few at a time, and records what an answer
 * teaches as a `poll` event. A provider that fails is asked again later, backing off; once a
 * source's polls start failing, the rest of its subjects wait for their next poll instead of
 * queueing behind a dead provider.
 */
export async function pollClaimedSubjects(subjectIds: string[]): Promise<PollRound> {
  const subjects = await loadClaimed(subjectIds);
  const bySource = new Map<string, DueSubject[]>();
  for (const subject of subjects) {
    const list = bySource.get(subject.sourceId ?? "") ?? [];
    list.push(subject);
    bySource.set(subject.sourceId ?? "", list);
  }
  const round: PollRound = { polled: 0, failed: 0, eventIds: [], nextPollAt: null };
  await Promise.all(
    [...bySource.values()].map(async (ofSource) => {
      const rule = parseTracking(ofSource[0]?.tracking);
      if (!rule?.poll) return unschedule(ofSource.map((subject) => subject.id));
      let failuresInARow = 0;
      const queue = [...ofSource];
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

type PollOutcome = { ok: true; eventIds: string[] } | { ok: false };

async function pollOne(subject: DueSubject, rule: TrackingRule): Promise<PollOutcome> {
  const poll = rule.poll as PollRule;
  let answer: unknown;
  try {
    const response = await sendOutbound(pollUrlFor(poll.url, subject.key), {
      method: "GET",
      headers: { accept: "application/json", ...openPollHeaders(poll.headers) },
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
