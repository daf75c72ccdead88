import { db } from "@/domain/db";
import type { Source } from "@/domain/sources/sources";
import { parseDuration } from "@/lib/durations";
import { newId } from "@/lib/ids";
import { commitInbound, type RequestRow, type StoredItems } from "./group-commit";
import type { PreparedItem } from "./prepare-items";

export type ItemOutcome =
  /**
   * `ignored`: a status for a subject already terminal, kept but not to be processed.
   * `handedOff`: already handed to background processing, with the commit (InlineHandOff).
   */
  | { index: number; status: "accepted"; id: string; ignored?: boolean; handedOff?: boolean }
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
 * Stores the request, its subjects and its accepted items, committed before this resolves.
 * The unique (source, idempotency key) index decides duplicates, so concurrent copies of one
 * webhook make exactly one event; a duplicate answers with the id of the event that was kept.
 */
export async function storeInbound(
  source: Source,
  request: InboundRequestRecord,
  items: PreparedItem[],
): Promise<{ outcomes: ItemOutcome[]; followUps: StoredItems["followUps"] }> {
  const valid = items.filter((item): item is Accepted => item.ok);
  const rejected: ItemOutcome[] = items.flatMap((item) =>
    item.ok ? [] : [{ index: item.index, status: "rejected" as const, error: item.error }],
  );
  const requestId = newId("request");
  const row: RequestRow = {
    request: {
      id: requestId,
      tenant_id: source.tenantId,
      source_id: source.id,
      content_type: request.contentType,
      raw_body: request.rawBody.toString("base64"),
      headers: request.headers,
      outcome: { rejected },
    },
    items: valid.map((item) => ({
      id: newId("event"),
      request_id: requestId,
      tenant_id: source.tenantId,
      source_id: source.id,
      subject_id: newId("subject"),
      subject_key: item.subjectKey,
      type: item.type,
      idempotency_key: item.idempotencyKey,
      batch_index: item.index,
      payload: item.payload,
      subject_status: item.observation?.status ?? null,
      plain: !source.enrichment,
      tracking:
        item.observation && source.tracking
          ? {
              observation: item.observation,
              terminalStatuses: source.tracking.terminal,
              pollAfterMs: source.tracking.poll ? parseDuration(source.tracking.poll.after) : null,
            }
          : null,
    })),
  };
  const stored = await commitInbound(row);

  const outcomes = [...rejected];
  let missingIds = false;
  for (const item of row.items) {
    const result = stored.items.get(item.id);
    if (result?.inserted) {
      const ignored = stored.ignored.has(item.id);
      const { handedOff } = result;
      outcomes.push({
        index: item.batch_index,
        status: "accepted",
        id: item.id,
        ignored,
        handedOff,
      });
    } else {
      // A copy committed after this statement's snapshot (or earlier in the same batch) has no id yet.
      missingIds ||= !result?.existingId;
      outcomes.push({ index: item.batch_index, status: "duplicate", id: result?.existingId ?? "" });
    }
  }
  if (missingIds) await fillDuplicateIds(source.id, outcomes, row.items);
  return { outcomes: outcomes.sort((a, b) => a.index - b.index), followUps: stored.followUps };
}

async function fillDuplicateIds(
  sourceId: string,
  outcomes: ItemOutcome[],
  items: RequestRow["items"],
) {
  const keyOf = new Map(items.map((item) => [item.batch_index, item.idempotency_key]));
  const found = await db.event.findMany({
    where: { sourceId, idempotencyKey: { in: [...keyOf.values()] } },
    select: { id: true, idempotencyKey: true },
  });
  const idByKey = new Map(found.map((event) => [event.idempotencyKey, event.id]));
  for (const outcome of outcomes) {
    if (outcome.status === "duplicate" && !outcome.id) {
      outcome.id = idByKey.get(keyOf.get(outcome.index) ?? "") ?? "";
    }
  }
}
