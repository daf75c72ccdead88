import { Prisma } from "@/generated/prisma/client";
import { chunk } from "@/lib/chunk";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { evaluateKey, matches } from "./expressions";
import type { SdkEvent } from "./protocol";
import type { RunnableFunction } from "./registry";
import type { RunnerSql } from "./sql";

/** A run to insert: its first event, and every event of it when the function takes batches. */
interface NewRun {
  fn: RunnableFunction;
  event: SdkEvent;
  events?: SdkEvent[];
  batchKey?: string;
  idempotencyKey?: string | null;
}

/**
 * Turns stored events into runs, once: events are claimed with SKIP LOCKED, so several
 * processes share the work and none starts the same run twice. Runs are inserted in one
 * statement per scan, whatever the number of events. Also applies cancelOn.
 */
export async function startRunsForEvents(
  sql: RunnerSql,
  functions: RunnableFunction[],
  batch = 200,
): Promise<number> {
  return sql.transaction(async (tx) => {
    const rows = await tx.rows<{ id: string; name: string; data: unknown; ts: Date }>(Prisma.sql`
      SELECT id, name, data, ts FROM "JobEvent" WHERE "processedAt" IS NULL
      ORDER BY "receivedAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`);
    if (rows.length === 0) return 0;
    const singles: NewRun[] = [];
    const batches = new Map<string, { fn: RunnableFunction; key: string; events: SdkEvent[] }>();
    for (const row of rows) {
      const event: SdkEvent = {
        id: row.id,
        name: row.name,
        data: row.data as SdkEvent["data"],
        ts: row.ts.getTime(),
      };
      for (const fn of functions) {
        const triggered = fn.eventTriggers.some(
          (t) => t.event === event.name && (!t.expression || matches(t.expression, { event })),
        );
        if (triggered && fn.batch) {
          const key = fn.batch.key ? (evaluateKey(fn.batch.key, event) ?? "") : "";
          const group = batches.get(`${fn.id}\n${key}`) ?? { fn, key, events: [] };
          group.events.push(event);
          batches.set(`${fn.id}\n${key}`, group);
        } else if (triggered) singles.push({ fn, event });
        if (fn.cancel.some((rule) => rule.event === event.name)) await cancelRuns(tx, fn, event);
      }
    }
    for (const group of batches.values()) singles.push(...(await fillBatches(tx, group)));
    await insertRuns(tx, singles);
    await tx.count(Prisma.sql`
      UPDATE "JobEvent" SET "processedAt" = now() WHERE id = ANY(${rows.map((e) => e.id)}::text[])`);
    return rows.length;
  });
}

/**
 * A batched function's events join the batch of their key that has not started yet, if one
 * has room; the rest open new batches. Batches are due at once: the runner starts one as soon
 * as the function's concurrency allows, so a batch fills while its key is busy (under load)
 * and an event alone is not held back (when idle). Inngest instead waits up to the timeout.
 */
async function fillBatches(
  tx: RunnerSql,
  group: { fn: RunnableFunction; key: string; events: SdkEvent[] },
): Promise<NewRun[]> {
  const maxSize = group.fn.batch?.maxSize ?? 1;
  let events = group.events;
  const [open] = await tx.rows<{ id: string; size: number }>(Prisma.sql`
    SELECT id, jsonb_array_length(events) AS size FROM "JobRun"
    WHERE "functionId" = ${group.fn.id} AND "batchKey" = ${group.key} AND status = 'queued'
      AND "leasedBy" IS NULL AND "startedAt" IS NULL AND jsonb_array_length(events) < ${maxSize}
    ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`);
  if (open) {
    const joining = events.slice(0, maxSize - open.size);
    events = events.slice(joining.length);
    await tx.count(Prisma.sql`
      UPDATE "JobRun" SET events = events || ${JSON.stringify(joining)}::jsonb, "updatedAt" = now()
      WHERE id = ${open.id}`);
  }
  return chunk(events, maxSize).flatMap((batch) => {
    const [first] = batch;
    return first ? [{ fn: group.fn, event: first, events: batch, batchKey: group.key }] : [];
  });
}

/** One statement for every new run; a run whose idempotency key was used is not created. */
async function insertRuns(tx: RunnerSql, runs: NewRun[]): Promise<void> {
  if (runs.length === 0) return;
  const rows = runs.map((run) => {
    const { fn, event } = run;
    const keyed = fn.concurrency.find((rule) => rule.key && !rule.shared);
    const sharedRule = fn.concurrency.find((rule) => rule.shared);
    const throttleKey = fn.throttle
      ? fn.throttle.key
        ? evaluateKey(fn.throttle.key, event)
        : ""
      : null;
    return {
      id: newId("jobRun"),
      functionId: fn.id,
      eventId: event.id ?? null,
      event,
      events: run.events ?? null,
      batchKey: run.batchKey ?? null,
      maxAttempts: fn.maxAttempts,
      concurrencyKey: keyed?.key ? evaluateKey(keyed.key, event) : null,
      sharedKey: sharedRule?.key ? evaluateKey(sharedRule.key, event) : null,
      throttleKey,
      idempotencyKey:
        run.idempotencyKey ?? (fn.idempotency ? evaluateKey(fn.idempotency, event) : null),
    };
  });
  const keyed = rows.filter((row) => row.idempotencyKey !== null);
  // Inngest forgets an idempotency key after 24 h: an older run gives its key up.
  if (keyed.length > 0) {
    await tx.count(Prisma.sql`
      UPDATE "JobRun" SET "idempotencyKey" = NULL
      WHERE ("functionId", "idempotencyKey") IN (
          SELECT * FROM unnest(${keyed.map((row) => row.functionId)}::text[],
            ${keyed.map((row) => row.idempotencyKey)}::text[]))
        AND "createdAt" < now() - interval '24 hours'`);
  }
  // Due now by the database's clock (createdAt and nextAt take their defaults).
  const created = await tx.count(Prisma.sql`
    INSERT INTO "JobRun" (id, "functionId", "eventId", event, events, "batchKey", "maxAttempts",
      "concurrencyKey", "sharedKey", "throttleKey", "idempotencyKey", "updatedAt")
    SELECT r.id, r."functionId", r."eventId", r.event, r.events, r."batchKey", r."maxAttempts",
      r."concurrencyKey", r."sharedKey", r."throttleKey", r."idempotencyKey", now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, "functionId" text,
      "eventId" text, event jsonb, events jsonb, "batchKey" text, "maxAttempts" int,
      "concurrencyKey" text, "sharedKey" text, "throttleKey" text, "idempotencyKey" text)
    ON CONFLICT DO NOTHING`);
  if (created < rows.length)
    log.debug("runner: idempotency key already used, no new run", {
      skipped: rows.length - created,
    });
  log.debug("runner: runs queued", { count: created });
}

/** A run for `fn`; none when its idempotency key already started one. */
export async function createRun(
  sql: RunnerSql,
  fn: RunnableFunction,
  event: SdkEvent,
  idempotencyKey?: string,
) {
  await sql.transaction((tx) => insertRuns(tx, [{ fn, event, idempotencyKey }]));
}

async function cancelRuns(tx: RunnerSql, fn: RunnableFunction, event: SdkEvent) {
  for (const rule of fn.cancel.filter((r) => r.event === event.name)) {
    const active = await tx.rows<{ id: string; event: unknown }>(Prisma.sql`
      SELECT id, event FROM "JobRun"
      WHERE "functionId" = ${fn.id} AND status IN ('queued', 'running', 'waiting')`);
    const cancelled = active.filter(
      (run) => !rule.if || matches(rule.if, { event: run.event, async: event }),
    );
    if (cancelled.length === 0) continue;
    await tx.count(Prisma.sql`
      UPDATE "JobRun" SET status = 'cancelled', "endedAt" = now(), "nextAt" = now(),
        "leaseUntil" = NULL, "leasedBy" = NULL, "updatedAt" = now()
      WHERE id = ANY(${cancelled.map((run) => run.id)}::text[])`);
    log.debug("runner: runs cancelled", { fn: fn.id, count: cancelled.length, by: event.name });
  }
}

/**
 * Starts cron runs that fell due since `since`; the idempotency key "cron:<time>" lets
 * every process try and only one succeed.
 */
export async function startDueCronRuns(
  sql: RunnerSql,
  functions: RunnableFunction[],
  since: Date,
  now: Date,
): Promise<number> {
  let started = 0;
  for (const fn of functions) {
    for (const cron of fn.crons) {
      for (
        let due = cron.schedule.nextRun(since);
        due && due <= now;
        due = cron.schedule.nextRun(due)
      ) {
        const event: SdkEvent = {
          name: "inngest/scheduled.timer",
          data: { cron: cron.expression },
          ts: due.getTime(),
        };
        await createRun(sql, fn, event, `cron:${cron.expression}:${due.toISOString()}`);
        started++;
      }
    }
  }
  return started;
}
