import { db, sqlPool } from "@/domain/db";
import type { Source } from "@/domain/sources/sources";
import { newId } from "@/lib/ids";
import type { PreparedItem } from "./prepare-items";

export type ItemOutcome =
  | { index: number; status: "accepted"; id: string }
  | { index: number; status: "duplicate"; id: string }
  | { index: number; status: "rejected"; error: string };

export interface InboundRequestRecord {
  contentType: string;
  rawBody: Buffer;
  /** Already redacted. */
  headers: Record<string, string>;
}

type Accepted = Extract<PreparedItem, { ok: true }>;

/**
 * Stores the request, its subjects and its accepted items in one statement (one round trip,
 * one commit: this is the hot path, sent through pg directly: Prisma's raw path halves it). The unique (source, idempotency key) index decides
 * duplicates, so concurrent copies of one webhook make exactly one event; a duplicate answers
 * with the id of the event that was kept.
 */
export async function storeInbound(
  source: Source,
  request: InboundRequestRecord,
  items: PreparedItem[],
): Promise<ItemOutcome[]> {
  const valid = items.filter((item): item is Accepted => item.ok);
  const rejected: ItemOutcome[] = items.flatMap((item) =>
    item.ok ? [] : [{ index: item.index, status: "rejected" as const, error: item.error }],
  );
  const rows = valid.map((item) => ({
    id: newId("event"),
    subject_id: newId("subject"),
    subject_key: item.subjectKey,
    type: item.type,
    idempotency_key: item.idempotencyKey,
    batch_index: item.index,
    payload: item.payload,
  }));

  const { rows: stored } = await sqlPool().query<{
    batch_index: number;
    inserted_id: string | null;
    existing_id: string | null;
  }>(STORE_SQL, [
    newId("request"),
    source.tenantId,
    source.id,
    request.contentType,
    request.rawBody,
    JSON.stringify(request.headers),
    JSON.stringify({ rejected }),
    JSON.stringify(rows),
  ]);

  const outcomes = [...rejected];
  const keyOf = new Map(valid.map((item) => [item.index, item.idempotencyKey]));
  const missing: string[] = [];
  for (const row of stored) {
    if (row.inserted_id)
      outcomes.push({ index: row.batch_index, status: "accepted", id: row.inserted_id });
    else {
      // A copy committed by a concurrent request after this statement began is not in its snapshot.
      if (!row.existing_id) missing.push(keyOf.get(row.batch_index) ?? "");
      outcomes.push({ index: row.batch_index, status: "duplicate", id: row.existing_id ?? "" });
    }
  }
  if (missing.length > 0) await fillDuplicateIds(source.id, outcomes, keyOf);
  return outcomes.sort((a, b) => a.index - b.index);
}

async function fillDuplicateIds(
  sourceId: string,
  outcomes: ItemOutcome[],
  keyOf: Map<number, string>,
) {
  const keys = [...keyOf.values()];
  const found = await db.event.findMany({
    where: { sourceId, idempotencyKey: { in: keys } },
    select: { id: true, idempotencyKey: true },
  });
  const idByKey = new Map(found.map((event) => [event.idempotencyKey, event.id]));
  for (const outcome of outcomes) {
    if (outcome.status === "duplicate" && !outcome.id)
      outcome.id = idByKey.get(keyOf.get(outcome.index) ?? "") ?? "";
  }
}

// $1 request id, $2 tenant, $3 source, $4 content type, $5 raw body, $6 headers, $7 outcome,
// $8 the accepted items as a JSON array.
const STORE_SQL = `
  WITH request AS (
    INSERT INTO "InboundRequest" (id, "tenantId", "sourceId", "contentType", "rawBody", headers, outcome)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
    RETURNING id
  ), items AS (
    SELECT * FROM jsonb_to_recordset($8::jsonb) AS item(
      id text, subject_id text, subject_key text, type text, idempotency_key text, batch_index int, payload jsonb)
  ), subjects AS (
    INSERT INTO "Subject" (id, "tenantId", "sourceId", key, "lastEventAt", "updatedAt")
    SELECT DISTINCT ON (subject_key) subject_id, $2, $3, subject_key, now(), now()
    FROM items WHERE subject_key IS NOT NULL ORDER BY subject_key
    ON CONFLICT ("tenantId", key) DO UPDATE SET "lastEventAt" = now(), "updatedAt" = now()
    RETURNING id, key
  ), inserted AS (
    INSERT INTO "Event" (id, "tenantId", "sourceId", "subjectId", type, origin, "idempotencyKey",
                         "requestId", "batchIndex", payload, "updatedAt")
    SELECT items.id, $2, $3, subjects.id, items.type, 'inbound', items.idempotency_key,
           (SELECT id FROM request), items.batch_index, items.payload, now()
    FROM items LEFT JOIN subjects ON subjects.key = items.subject_key
    ORDER BY items.batch_index
    ON CONFLICT ("sourceId", "idempotencyKey") DO NOTHING
    RETURNING id
  )
  SELECT items.batch_index, inserted.id AS inserted_id, existing.id AS existing_id
  FROM items
  LEFT JOIN inserted ON inserted.id = items.id
  LEFT JOIN "Event" existing ON existing."sourceId" = $3 AND existing."idempotencyKey" = items.idempotency_key`;
