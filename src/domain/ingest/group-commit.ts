import { inSqlTransaction, sqlPool } from "@/domain/db";
import { enabledEndpoints, matchEndpoints } from "@/domain/delivery/fan-out";
import { DomainError } from "@/domain/errors";
import { applyTracking, type TrackedEvent } from "@/domain/subjects/apply-tracking";

/** One inbound request as rows for the group statement (raw body as base64 inside JSON). */
export interface RequestRow {
  request: {
    id: string;
    tenant_id: string;
    source_id: string;
    content_type: string;
    raw_body: string;
    headers: Record<string, string>;
    outcome: object;
  };
  items: {
    id: string;
    request_id: string;
    tenant_id: string;
    source_id: string;
    subject_id: string;
    subject_key: string | null;
    type: string;
    idempotency_key: string;
    batch_index: number;
    payload: object;
    subject_status: string | null;
    /** Its source does not enrich: processing it is only fanning it out. */
    plain: boolean;
    /** The source's tracking rule applied to this item; null when it does not track. */
    tracking: Omit<TrackedEvent, "eventId" | "subjectId"> | null;
  }[];
}

export interface StoredItems {
  /** `handedOff`: processed or handed off by the statement itself (see InlineHandOff). */
  items: Map<string, { inserted: boolean; existingId: string | null; handedOff: boolean }>;
  /** Accepted items whose subject was already terminal: they are not to be processed. */
  ignored: Set<string>;
  /** Events the commit published (a group's completion) and the soonest poll it scheduled. */
  followUps: { eventIds: string[]; nextPollAt: Date | null };
}

interface Waiting {
  row: RequestRow;
  resolve(stored: StoredItems): void;
  reject(error: unknown): void;
}

// Group commit: requests that arrive while statements are in flight are written together by
// the next one, so under load one commit (one fsync) serves many webhooks. Each caller still
// resolves only once its own rows are committed; with no load a request is written at once.
const MAX_IN_FLIGHT = 2;
const MAX_ROWS = 500;
// While the database is slow or down, requests wait here: bounded, so memory is too, and the
// overflow is told to retry (503) at once instead of waiting behind thousands of others.
export const MAX_WAITING_REQUESTS = 2_000;
let queue: Waiting[] = [];
let inFlight = 0;

/**
 * With the embedded runner, whose events are rows in this database, the statement that stores
 * webhooks' events also processes or hands them off, in its own transaction:
 * - an event of a source that does not enrich is fanned out there: its deliveries are created
 *   and their first attempts requested, and it is stored `completed`;
 * - one whose source enriches is handed off (stored hand-offs name it).
 * No hand-off statement, no update per event and no processing run after it, and nothing for
 * the sweeper after a crash. Events of a tracked subject still go the usual way (their
 * tracking may yet ignore them). Set by the jobs layer at start-up (src/jobs/hand-off.ts);
 * unset, the caller hands events off.
 */
export interface InlineHandOff {
  /**
   * CTEs storing the ids of the CTE `handed` as hand-offs (ids for them in $3) and a first
   * attempt's request for each row of the CTE `requested` (job_event_id, delivery_id,
   * endpoint_id, tenant_id), and the CTE `woke`; see src/runner/event-intake.ts.
   */
  sql: string;
  /** Event ids in one stored hand-off, at most. */
  perEvent: number;
  /** A new id for a stored hand-off or request. */
  newId(): string;
}
let inline: { handOff: InlineHandOff; sql: string } | null = null;

export function handOffInline(handOff: InlineHandOff | null): void {
  inline = handOff && { handOff, sql: groupSql(handOff.sql) };
}

/** Commits one request's rows (possibly together with others'); resolves per item id. */
export function commitInbound(row: RequestRow): Promise<StoredItems> {
  if (queue.length >= MAX_WAITING_REQUESTS) {
    return Promise.reject(
      new DomainError("overloaded", "Too many webhooks wait for the database; retry shortly"),
    );
  }
  return new Promise((resolve, reject) => {
    queue.push({ row, resolve, reject });
    pump();
  });
}

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    let rows = 0;
    let take = 0;
    while (
      take < queue.length &&
      (take === 0 || rows + (queue[take]?.row.items.length ?? 0) <= MAX_ROWS)
    ) {
      rows += queue[take]?.row.items.length ?? 0;
      take++;
    }
    const group = queue.slice(0, take);
    queue = queue.slice(take);
    inFlight++;
    void write(group).finally(() => {
      inFlight--;
      pump();
    });
  }
}

async function write(group: Waiting[]): Promise<void> {
  try {
    const stored = await runStatement(group.map((waiting) => waiting.row));
    // The follow-ups go to one caller only, so a group's completion is handed off once.
    const none = { eventIds: [], nextPollAt: null };
    for (const [i, waiting] of group.entries())
      waiting.resolve(i === 0 ? stored : { ...stored, followUps: none });
  } catch (error) {
    if (group.length === 1) {
      group[0]?.reject(error);
      return;
    }
    // One bad request must not fail the others it was grouped with: write each on its own.
    await Promise.all(group.map((waiting) => write([waiting])));
  }
}

async function runStatement(rows: RequestRow[]): Promise<StoredItems> {
  const items = rows.flatMap((row) => row.items);
  const { sql, handOff } = inline ?? { sql: GROUP_SQL, handOff: null };
  const inlined = handOff ? items.filter((item) => !item.tracking) : [];
  const direct = inlined.filter((item) => item.plain);
  const handedOff = inlined.length - direct.length;
  const planned =
    handOff && direct.length > 0
      ? matchEndpoints(
          direct.map((item) => ({ ...item, tenantId: item.tenant_id })),
          await enabledEndpoints(direct.map((item) => item.tenant_id)),
        ).map((delivery) => ({ ...delivery, job_event_id: handOff.newId() }))
      : [];
  const params = [
    JSON.stringify(rows.map((row) => row.request)),
    JSON.stringify(
      items.map(({ tracking, plain, ...item }, seq) => ({
        ...item,
        seq,
        hand_off: handOff !== null && !tracking,
        direct: handOff !== null && !tracking && plain,
      })),
    ),
    ...(handOff
      ? [
          Array.from({ length: Math.ceil(handedOff / handOff.perEvent) }, () => handOff.newId()),
          JSON.stringify(planned),
        ]
      : []),
  ];
  if (!items.some((item) => item.tracking)) {
    const result = await sqlPool().query<GroupRow>(sql, params);
    return {
      items: itemsOf(result.rows),
      ignored: new Set(),
      followUps: { eventIds: [], nextPollAt: null },
    };
  }
  // Tracked subjects change state in the same transaction as their events.
  return inSqlTransaction(async (client) => {
    const result = await client.query<GroupRow>(sql, params);
    const subjectOf = new Map(result.rows.map((row) => [row.id, row.subject_id]));
    const inserted = new Set(result.rows.flatMap((row) => (row.inserted_id ? [row.id] : [])));
    const tracked = items.flatMap((item) => {
      const subjectId = subjectOf.get(item.id);
      return item.tracking && subjectId && inserted.has(item.id)
        ? [{ ...item.tracking, eventId: item.id, subjectId }]
        : [];
    });
    const outcome = await applyTracking(client, tracked, "webhook");
    return {
      items: itemsOf(result.rows),
      ignored: new Set(outcome.ignoredEventIds),
      followUps: { eventIds: outcome.publishedEventIds, nextPollAt: outcome.nextPollAt },
    };
  });
}

interface GroupRow {
  id: string;
  inserted_id: string | null;
  handed_off: boolean | null;
  existing_id: string | null;
  subject_id: string | null;
}

function itemsOf(rows: GroupRow[]): StoredItems["items"] {
  return new Map(
    rows.map((r) => [
      r.id,
      { inserted: r.inserted_id !== null, existingId: r.existing_id, handedOff: !!r.handed_off },
    ]),
  );
}

// $1: the requests, $2: their accepted items in arrival order (seq). The first copy of a key
// wins. A data-modifying CTE always runs, and the foreign-key checks on Event."requestId"
// run at the end of the statement, when the requests are in. With `handOffSql` (see
// InlineHandOff), $3: ids for the stored hand-offs, $4: the deliveries of direct items.
function groupSql(handOffSql?: string): string {
  return `
  WITH requests AS (
    INSERT INTO "InboundRequest" (id, "tenantId", "sourceId", "contentType", "rawBody", headers, outcome)
    SELECT id, tenant_id, source_id, content_type, decode(raw_body, 'base64'), headers, outcome
    FROM jsonb_to_recordset($1::jsonb) AS r(
      id text, tenant_id text, source_id text, content_type text, raw_body text, headers jsonb, outcome jsonb)
  ), items AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS item(
      id text, request_id text, tenant_id text, source_id text, subject_id text, subject_key text,
      type text, idempotency_key text, batch_index int, payload jsonb, subject_status text, seq int,
      hand_off boolean, direct boolean)
  ), subjects AS (
    INSERT INTO "Subject" (id, "tenantId", "sourceId", key, "lastEventAt", "updatedAt")
    SELECT DISTINCT ON (tenant_id, subject_key) subject_id, tenant_id, source_id, subject_key, now(), now()
    FROM items WHERE subject_key IS NOT NULL ORDER BY tenant_id, subject_key, seq
    ON CONFLICT ("tenantId", key) DO UPDATE SET "lastEventAt" = now(), "updatedAt" = now()
    RETURNING id, key, "tenantId"
  ), inserted AS (
    INSERT INTO "Event" (id, "tenantId", "sourceId", "subjectId", type, origin, "idempotencyKey",
                         "requestId", "batchIndex", payload, "subjectStatus", status,
                         "handedOffAt", "processedAt", "updatedAt")
    SELECT items.id, items.tenant_id, items.source_id, subjects.id, items.type, 'inbound',
           items.idempotency_key, items.request_id, items.batch_index, items.payload,
           items.subject_status,
           (CASE WHEN items.direct THEN 'completed' ELSE 'received' END)::"EventStatus",
           CASE WHEN items.hand_off THEN now() END, CASE WHEN items.direct THEN now() END, now()
    FROM items
    LEFT JOIN subjects ON subjects.key = items.subject_key AND subjects."tenantId" = items.tenant_id
    ORDER BY items.seq
    ON CONFLICT ("sourceId", "idempotencyKey") DO NOTHING
    RETURNING id, "handedOffAt" IS NOT NULL AS handed_off, status = 'completed' AS processed
  )${
    handOffSql === undefined
      ? ""
      : `, handed AS (
    SELECT id FROM inserted WHERE handed_off AND NOT processed
  ), planned AS (
    SELECT * FROM jsonb_to_recordset($4::jsonb) AS d(
      id text, "tenantId" text, "eventId" text, "endpointId" text, job_event_id text)
  ), deliveries AS (
    INSERT INTO "Delivery" (id, "tenantId", "eventId", "endpointId", "nextAttemptAt", "updatedAt")
    SELECT d.id, d."tenantId", d."eventId", d."endpointId", now(), now()
    FROM planned d JOIN inserted ON inserted.id = d."eventId"
    RETURNING id
  ), requested AS (
    SELECT p.job_event_id, p.id AS delivery_id, p."endpointId" AS endpoint_id,
           p."tenantId" AS tenant_id
    FROM deliveries JOIN planned p USING (id)
  )${handOffSql}`
  }
  SELECT items.id, inserted.id AS inserted_id, inserted.handed_off, existing.id AS existing_id,
         subjects.id AS subject_id
  FROM items
  LEFT JOIN inserted ON inserted.id = items.id
  LEFT JOIN subjects ON subjects.key = items.subject_key AND subjects."tenantId" = items.tenant_id
  LEFT JOIN "Event" existing
    ON existing."sourceId" = items.source_id AND existing."idempotencyKey" = items.idempotency_key${
      handOffSql === undefined ? "" : "\n  CROSS JOIN woke"
    }`;
}
const GROUP_SQL = groupSql();
