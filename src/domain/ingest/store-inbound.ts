import { db } from "@/domain/db";
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

/**
 * Stores the request and its accepted items in one transaction. The unique (source,
 * idempotency key) index decides duplicates, so concurrent copies of one webhook make
 * exactly one event; a duplicate answers with the id of the event that was kept.
 */
export async function storeInbound(
  source: Source,
  request: InboundRequestRecord,
  items: PreparedItem[],
): Promise<ItemOutcome[]> {
  const valid = items.filter((item) => item.ok);
  const outcomes: ItemOutcome[] = items.flatMap((item) =>
    item.ok ? [] : [{ index: item.index, status: "rejected" as const, error: item.error }],
  );
  const requestId = newId("request");

  await db.$transaction(async (tx) => {
    await tx.inboundRequest.create({
      data: {
        id: requestId,
        tenantId: source.tenantId,
        sourceId: source.id,
        contentType: request.contentType,
        rawBody: new Uint8Array(request.rawBody),
        headers: request.headers,
        // Counts follow from the events; the reasons for rejected items exist only here.
        outcome: { rejected: outcomes },
      },
    });
    if (valid.length === 0) return;

    const subjectIds = new Map<string, string>();
    for (const key of new Set(
      valid.map((item) => item.subjectKey).filter((key): key is string => key !== null),
    )) {
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "Subject" (id, "tenantId", "sourceId", key, "lastEventAt", "createdAt", "updatedAt")
        VALUES (${newId("subject")}, ${source.tenantId}, ${source.id}, ${key}, now(), now(), now())
        ON CONFLICT ("tenantId", key) DO UPDATE SET "lastEventAt" = now(), "updatedAt" = now()
        RETURNING id`;
      if (row) subjectIds.set(key, row.id);
    }

    const created = await tx.event.createManyAndReturn({
      data: valid.map((item) => ({
        id: newId("event"),
        tenantId: source.tenantId,
        sourceId: source.id,
        subjectId: item.subjectKey ? (subjectIds.get(item.subjectKey) ?? null) : null,
        type: item.type,
        origin: "inbound" as const,
        idempotencyKey: item.idempotencyKey,
        requestId,
        batchIndex: item.index,
        payload: item.payload as object,
      })),
      skipDuplicates: true,
      select: { id: true, idempotencyKey: true },
    });
    const createdByKey = new Map(created.map((event) => [event.idempotencyKey, event.id]));
    const duplicateKeys = valid
      .map((item) => item.idempotencyKey)
      .filter((key) => !createdByKey.has(key));
    const existing = duplicateKeys.length
      ? await tx.event.findMany({
          where: { sourceId: source.id, idempotencyKey: { in: duplicateKeys } },
          select: { id: true, idempotencyKey: true },
        })
      : [];
    const existingByKey = new Map(existing.map((event) => [event.idempotencyKey, event.id]));

    const claimed = new Set<string>();
    for (const item of valid) {
      const createdId = createdByKey.get(item.idempotencyKey);
      // Two items of one batch with the same key: the first is accepted, the second a duplicate.
      if (createdId && !claimed.has(item.idempotencyKey)) {
        claimed.add(item.idempotencyKey);
        outcomes.push({ index: item.index, status: "accepted", id: createdId });
      } else {
        const id = createdId ?? existingByKey.get(item.idempotencyKey) ?? "";
        outcomes.push({ index: item.index, status: "duplicate", id });
      }
    }
  });
  return outcomes.sort((a, b) => a.index - b.index);
}
