import { inScope, type Scope } from "@/domain/access/scope";
import { db, sqlPool } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { newId } from "@/lib/ids";
import { pollAfterMs } from "./poll-schedule";
import { findSubject } from "./subjects";

/**
 * A subject expected before any webhook (a job just started): created if new, its fields
 * merged if not, and scheduled for a poll after the source's `after` of silence, so a job
 * whose every callback is lost is still found out. Returns the soonest poll it scheduled.
 */
export async function registerSubject(
  scope: Scope,
  input: { sourceId: string; key: string; fields?: Record<string, string> },
) {
  const source = await sourceOf(scope, input.sourceId);
  const afterMs = pollAfterMs(source.tracking);
  const { rows } = await sqlPool().query<{ id: string; next_poll_at: Date | null }>(
    `INSERT INTO "Subject" (id, "tenantId", "sourceId", key, fields, "nextPollAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond', now())
     ON CONFLICT ("tenantId", key) DO UPDATE SET
       fields = "Subject".fields || EXCLUDED.fields,
       "nextPollAt" = CASE WHEN "Subject".terminal THEN NULL
                           ELSE coalesce("Subject"."nextPollAt", EXCLUDED."nextPollAt") END,
       "updatedAt" = now()
     RETURNING id, "nextPollAt" AS next_poll_at`,
    [newId("subject"), source.tenantId, source.id, input.key, input.fields ?? {}, afterMs],
  );
  const subject = await findSubject(scope, { key: input.key, tenantId: source.tenantId });
  return { subjectId: subject.id, nextPollAt: rows[0]?.next_poll_at ?? null };
}

/** The source the caller names, if they may act for its tenant. */
export async function sourceOf(scope: Scope, sourceId: string) {
  const source = await db.source.findFirst({
    where: { id: sourceId, ...inScope(scope) },
    select: { id: true, tenantId: true, tracking: true },
  });
  if (!source) throw new DomainError("not_found", `No source "${sourceId}"`);
  return source;
}
