import { sqlPool } from "@/domain/db";

/** A claimed subject is someone else's again after this, should its poller die mid-poll. */
const CLAIM_LEASE_MS = 5 * 60_000;

export interface ClaimedPolls {
  /** The claimed subjects' ids, by source: each source's are polled by a run of their own. */
  bySource: { sourceId: string; subjectIds: string[] }[];
  /** More subjects were due than this claim took. */
  more: boolean;
  /** The soonest poll of the subjects not claimed, so the poller can be woken for it. */
  nextPollAt: Date | null;
}

/**
 * Claims up to `limit` subjects silent past their source's `after` (SKIP LOCKED, so pollers
 * on several instances share the work). A claimed subject is leased: should its poller die,
 * it is due again after the lease.
 */
export async function claimDuePolls(limit = 50): Promise<ClaimedPolls> {
  const { rows } = await sqlPool().query<{ id: string; sourceId: string | null }>(
    `WITH due AS (
       SELECT id FROM "Subject"
       WHERE "nextPollAt" <= now() AND NOT terminal
       ORDER BY "nextPollAt" LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE "Subject" s SET "nextPollAt" = now() + $2 * interval '1 millisecond'
     FROM due WHERE s.id = due.id
     RETURNING s.id, s."sourceId"`,
    [limit, CLAIM_LEASE_MS],
  );
  // A subject whose source was deleted is grouped under "" (and unscheduled by its poll).
  const bySource = new Map<string, string[]>();
  for (const row of rows) {
    const sourceId = row.sourceId ?? "";
    bySource.set(sourceId, [...(bySource.get(sourceId) ?? []), row.id]);
  }
  return {
    bySource: [...bySource].map(([sourceId, subjectIds]) => ({ sourceId, subjectIds })),
    more: rows.length === limit,
    nextPollAt: await nextScheduledPoll(),
  };
}

export async function nextScheduledPoll(): Promise<Date | null> {
  const { rows } = await sqlPool().query<{ at: Date | null }>(
    `SELECT min("nextPollAt") AS at FROM "Subject" WHERE "nextPollAt" IS NOT NULL`,
  );
  return rows[0]?.at ?? null;
}
