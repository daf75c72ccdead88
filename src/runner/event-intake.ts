import pg from "pg";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { callContext } from "./call-context";
import type { Op, SdkEvent } from "./protocol";

export const RUNNER_CHANNEL = "switchyard_runner";

/** A sent event, with the id it will be stored under when that was decided at send time. */
export type StagedEvent = SdkEvent & { storedId?: string };

/**
 * An INSERT of sent events (usable as a CTE) returning the ids stored. An event with an `id`
 * of its sender's is stored once within 24 h, as Inngest deduplicates event ids; after that
 * the same id is a new event.
 */
export function insertEventsSql(events: StagedEvent[], when: Prisma.Sql = Prisma.sql`true`) {
  // An id sent twice in one batch (or one call) is one event, as on Inngest; two rows for one
  // key would fail the whole statement ("ON CONFLICT DO UPDATE ... a second time").
  const keys = new Set<string>();
  const unique = events.filter((event) => {
    if (event.id === undefined) return true;
    if (keys.has(event.id)) return false;
    keys.add(event.id);
    return true;
  });
  const rows = unique.map((event) => ({
    id: event.storedId ?? newId("jobEvent"),
    key: event.id ?? null,
    name: event.name,
    data: event.data ?? {},
    ts: new Date(typeof event.ts === "number" ? event.ts : Date.now()).toISOString(),
  }));
  return Prisma.sql`
    INSERT INTO "JobEvent" AS e (id, key, name, data, ts)
    SELECT r.id, r.key, r.name, r.data, r.ts
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(id text, key text, name text, data jsonb, ts timestamptz)
    WHERE ${when}
    ON CONFLICT (key) DO UPDATE SET id = excluded.id, name = excluded.name, data = excluded.data,
      ts = excluded.ts, "receivedAt" = now(), "processedAt" = NULL
    WHERE e."receivedAt" < now() - interval '24 hours'
    RETURNING id`;
}

/**
 * A scalar subquery that wakes the runners (NOTIFY, sent at commit) once if the CTE `cte`
 * returned any row: a statement that stores events or runs tells the runners in the same
 * round trip.
 */
export function wakeRunnersIfAny(cte: string): Prisma.Sql {
  return Prisma.raw(`(${wakeIfAnySql([cte])})`);
}

/** SELECT of one NOTIFY to the runners if any of the CTEs `ctes` returned a row. */
function wakeIfAnySql(ctes: string[]): string {
  const rows = ctes.map((cte) => `SELECT 1 FROM "${cte}"`).join(" UNION ALL ");
  return `SELECT count(pg_notify(${pgString(RUNNER_CHANNEL)}, 'event')) FROM (${rows} LIMIT 1) AS any_row`;
}

// For a statement that hands off, in its own transaction, the rows it has just written: CTEs
// (SQL text, each after a comma) that store runner events, and one that wakes the runners.

/**
 * CTE `cte`: the ids of the CTE `idsCte` (column `id`) as events `name` with data
 * `{"eventIds": [...]}`, `perEvent` ids each, stored under the ids in the text[] parameter
 * `storedIdsParam` (one per event, in order).
 */
export function storeIdBatchesSql(opts: {
  cte: string;
  name: string;
  idsCte: string;
  perEvent: number;
  storedIdsParam: string;
}): string {
  return `, ${opts.cte} AS (
    INSERT INTO "JobEvent" (id, name, data, ts)
    SELECT (${opts.storedIdsParam}::text[])[b.n + 1], ${pgString(opts.name)},
           jsonb_build_object('eventIds', jsonb_agg(b.id ORDER BY b.seq)), now()
    FROM (SELECT id, (row_number() OVER () - 1) AS seq,
                 (row_number() OVER () - 1) / ${Math.trunc(opts.perEvent)} AS n
          FROM "${opts.idsCte}") AS b
    GROUP BY b.n
    RETURNING id
  )`;
}

/**
 * CTE `cte`: one event `name` for each row of the CTE `rowsCte`, its stored id, key and data
 * given as SQL expressions over the row.
 */
export function storeEventPerRowSql(opts: {
  cte: string;
  name: string;
  rowsCte: string;
  id: string;
  key: string;
  data: string;
}): string {
  return `, ${opts.cte} AS (
    INSERT INTO "JobEvent" (id, key, name, data, ts)
    SELECT ${opts.id}, ${opts.key}, ${pgString(opts.name)}, ${opts.data}, now()
    FROM "${opts.rowsCte}"
    RETURNING id
  )`;
}

/**
 * CTE `woke`: wakes the runners (NOTIFY, sent at commit) once if any of the CTEs `ctes`
 * stored an event. The statement must select from it for it to run.
 */
export function wakeRunnersSql(ctes: string[]): string {
  return `, woke AS (${wakeIfAnySql(ctes)})`;
}

const pgString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Where sent events are stored: a Prisma client, or a node-postgres pool (cheaper per send). */
export type EventStore = Db | pg.Pool;

/** Stores sent events for the runner to turn into runs, and wakes the runners. */
export async function acceptEvents(store: EventStore, events: SdkEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const statement = Prisma.sql`
    WITH sent AS (${insertEventsSql(events)})
    SELECT id, ${wakeRunnersIfAny("sent")} FROM sent`;
  const rows =
    store instanceof pg.Pool
      ? (await store.query<{ id: string }>(statement.text, statement.values as unknown[])).rows
      : await store.$queryRaw<{ id: string }[]>(statement);
  return rows.map((row) => row.id);
}

/**
 * A fetch for the Inngest client: what it would POST to Inngest's event API
 * ({base}/e/{key}) is stored for the embedded runner instead; anything else goes out as usual.
 * Inside a run's call, sends are held and stored with the call's results.
 */
export function embeddedRunnerFetch(getStore: () => EventStore): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const body = async () =>
      String(init?.body ?? (input instanceof Request ? await input.text() : "null"));
    // Whatever the host: in embedded mode nothing the SDK says to "Inngest" leaves the process.
    if (method === "POST" && /\/v1\/checkpoint\/[^/]+\/async$/.test(url.pathname))
      return checkpoint(JSON.parse(await body()) as { steps?: Op[] });
    if (method !== "POST" || !/\/e\/[^/]+$/.test(url.pathname)) return fetch(input, init);
    const parsed = JSON.parse(await body()) as SdkEvent | SdkEvent[];
    const events = Array.isArray(parsed) ? parsed : [parsed];
    const call = callContext.getStore();
    let ids: string[];
    if (call) {
      const staged = events.map((event) => ({ ...event, storedId: newId("jobEvent") }));
      call.staged.push(...staged);
      ids = staged.map((event) => event.storedId);
    } else {
      ids = await acceptEvents(getStore(), events);
    }
    // The SDK reads `status` in the body, not the HTTP status.
    return Response.json({ ids, status: 200 });
  };
}

/**
 * Inngest's async checkpoint (POST /v1/checkpoint/{runId}/async), served for the call in
 * flight: its steps are stored before the SDK runs the next one. 409 tells the SDK the run is
 * no longer this worker's (it stops); a 5xx makes it return the steps in its response instead.
 */
async function checkpoint(body: { steps?: Op[] }): Promise<Response> {
  const call = callContext.getStore();
  if (!call) return Response.json({ error: "No run is being called" }, { status: 409 });
  const steps = body.steps ?? [];
  if (steps.some((op) => op.op !== "StepRun"))
    return Response.json({ error: "Only StepRun ops are checkpointed" }, { status: 500 });
  const stored = await call.checkpoint(steps);
  return stored ? Response.json({}) : Response.json({ error: "Stale dispatch" }, { status: 409 });
}
