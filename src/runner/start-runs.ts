import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { evaluateKey, matches } from "./expressions";
import type { SdkEvent } from "./protocol";
import type { RunnableFunction } from "./registry";

type Tx = Prisma.TransactionClient;

/**
 * Turns stored events into runs, once: events are claimed with SKIP LOCKED, so several
 * processes share the work and none starts the same run twice. Also applies cancelOn.
 */
export async function startRunsForEvents(
  db: Db,
  functions: RunnableFunction[],
  batch = 100,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const events = await tx.$queryRaw<{ id: string; name: string; data: unknown; ts: Date }[]>`
      SELECT id, name, data, ts FROM "JobEvent" WHERE "processedAt" IS NULL
      ORDER BY "receivedAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    for (const row of events) {
      const event: SdkEvent = {
        id: row.id,
        name: row.name,
        data: row.data as SdkEvent["data"],
        ts: row.ts.getTime(),
      };
      for (const fn of functions) {
        const trigger = fn.eventTriggers.find(
          (t) => t.event === event.name && (!t.expression || matches(t.expression, { event })),
        );
        if (trigger) await createRun(tx, fn, event);
        await cancelRuns(tx, fn, event);
      }
    }
    if (events.length > 0) {
      await tx.$executeRaw`
        UPDATE "JobEvent" SET "processedAt" = now() WHERE id = ANY(${events.map((e) => e.id)})`;
    }
    return events.length;
  });
}

/** A run for `fn`; none when its idempotency key already started one. */
export async function createRun(
  tx: Tx | Db,
  fn: RunnableFunction,
  event: SdkEvent,
  idempotencyKey?: string,
) {
  const keyed = fn.concurrency.find((rule) => rule.key);
  const key = idempotencyKey ?? (fn.idempotency ? evaluateKey(fn.idempotency, event) : null);
  // Inngest forgets an idempotency key after 24 h: an older run gives its key up.
  if (key !== null) {
    await tx.$executeRaw`
      UPDATE "JobRun" SET "idempotencyKey" = NULL
      WHERE "functionId" = ${fn.id} AND "idempotencyKey" = ${key}
        AND "createdAt" < now() - interval '24 hours'`;
  }
  const concurrencyKey = keyed?.key ? evaluateKey(keyed.key, event) : null;
  const throttleKey = fn.throttle
    ? fn.throttle.key
      ? evaluateKey(fn.throttle.key, event)
      : ""
    : null;
  // Due now by the database's clock (createdAt and nextAt take their defaults).
  const created = await tx.$executeRaw`
    INSERT INTO "JobRun" (id, "functionId", "eventId", event, "maxAttempts", "concurrencyKey",
      "throttleKey", "idempotencyKey", "updatedAt")
    VALUES (${newId("jobRun")}, ${fn.id}, ${event.id ?? null}, ${JSON.stringify(event)}::jsonb,
      ${fn.maxAttempts}, ${concurrencyKey}, ${throttleKey}, ${key}, now())
    ON CONFLICT DO NOTHING`;
  if (created === 0) log.debug("runner: idempotency key already used, no new run", { fn: fn.id });
  else log.debug("runner: run queued", { fn: fn.id, event: event.name });
}

async function cancelRuns(tx: Tx, fn: RunnableFunction, event: SdkEvent) {
  for (const rule of fn.cancel.filter((r) => r.event === event.name)) {
    const active = await tx.jobRun.findMany({
      where: { functionId: fn.id, status: { in: ["queued", "running", "waiting"] } },
      select: { id: true, event: true },
    });
    const cancelled = active.filter(
      (run) => !rule.if || matches(rule.if, { event: run.event, async: event }),
    );
    if (cancelled.length === 0) continue;
    await tx.$executeRaw`
      UPDATE "JobRun" SET status = 'cancelled', "endedAt" = now(), "nextAt" = now(),
        "leaseUntil" = NULL, "leasedBy" = NULL, "updatedAt" = now()
      WHERE id = ANY(${cancelled.map((run) => run.id)})`;
    log.debug("runner: runs cancelled", { fn: fn.id, count: cancelled.length, by: event.name });
  }
}

/**
 * Starts cron runs that fell due since `since`; the idempotency key "cron:<time>" lets
 * every process try and only one succeed.
 */
export async function startDueCronRuns(
  db: Db,
  functions: RunnableFunction[],
  since: Date,
  now: Date,
) {
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
        await createRun(db, fn, event, `cron:${cron.expression}:${due.toISOString()}`);
      }
    }
  }
}
