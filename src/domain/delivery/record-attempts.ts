import { everyTenant } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db, sqlPool } from "@/domain/db";
import { countDeliveriesSql } from "@/domain/stats/rollups";
import type { AttemptTrigger } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";

/** One attempt as it is stored, with what it means for its delivery and its endpoint. */
export interface AttemptRecord {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  trigger: AttemptTrigger;
  requestHeaders: Record<string, string>;
  startedAt: Date;
  responseStatus?: number;
  responseHeaders?: object;
  responseBody?: string;
  error?: string;
  errorKind?: string;
  durationMs: number;
  succeeded: boolean;
  /** The delivery's status after it: ended, or pending with the next attempt in `retryInMs`. */
  status: "succeeded" | "failed" | "pending";
  retryInMs: number | null;
  /** The endpoint's failingSince after it (null: it answered). */
  failingSince: Date | null;
  /** Set when this attempt disables the endpoint (410 Gone, or failing for too long). */
  disabledReason: string | null;
  endpointWasEnabled: boolean;
  eventReceivedAt: Date;
}

/**
 * Stores many attempts in one statement: each delivery's count, status and next attempt
 * time (by the database's clock, which the runner's sleeps also follow), the attempt rows,
 * the endpoints' failing state and the delivery rollups. Endpoints an attempt disabled are
 * disabled and audited afterwards, in a transaction of their own (rare).
 */
export async function recordAttempts(records: AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    attemptId: newId("attempt"),
    deliveryId: r.deliveryId,
    trigger: r.trigger,
    requestHeaders: r.requestHeaders,
    startedAt: r.startedAt.toISOString(),
    responseStatus: r.responseStatus ?? null,
    responseHeaders: r.responseHeaders ?? null,
    responseBody: r.responseBody ?? null,
    error: r.error ?? null,
    errorKind: r.errorKind ?? null,
    durationMs: r.durationMs,
    status: r.status,
    retryInMs: r.retryInMs,
  }));
  // Per endpoint, one answer is enough to say it is not failing.
  const endpoints = new Map<string, Date | null>();
  for (const r of records) {
    const known = endpoints.get(r.endpointId);
    endpoints.set(
      r.endpointId,
      known === null || r.failingSince === null ? null : (known ?? r.failingSince),
    );
  }
  const counts = countDeliveriesSql(
    records.map((r) => ({
      tenantId: r.tenantId,
      endpointId: r.endpointId,
      attempt: { failed: !r.succeeded },
      outcome: r.status === "pending" ? undefined : r.status,
      receivedAt: r.eventReceivedAt,
    })),
  );
  const statement = Prisma.sql`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("attemptId" text,
        "deliveryId" text, trigger text, "requestHeaders" jsonb, "startedAt" timestamptz,
        "responseStatus" int, "responseHeaders" jsonb, "responseBody" text, error text,
        "errorKind" text, "durationMs" int, status text, "retryInMs" float8)
    ), counted AS (
      UPDATE "Delivery" d SET "attemptCount" = d."attemptCount" + 1,
        "lastAttemptAt" = r."startedAt", status = r.status::"DeliveryStatus",
        "nextAttemptAt" = now() + r."retryInMs" * interval '1 millisecond', "updatedAt" = now()
      FROM r WHERE d.id = r."deliveryId"
      RETURNING d.id, d."attemptCount"
    ), attempts AS (
      INSERT INTO "DeliveryAttempt" (id, "deliveryId", "attemptNumber", trigger, "requestHeaders",
        "startedAt", "responseStatus", "responseHeaders", "responseBody", error, "errorKind",
        "durationMs")
      SELECT r."attemptId", r."deliveryId", counted."attemptCount", r.trigger::"AttemptTrigger",
        r."requestHeaders", r."startedAt", r."responseStatus", r."responseHeaders",
        r."responseBody", r.error, r."errorKind", r."durationMs"
      FROM r JOIN counted ON counted.id = r."deliveryId"
      RETURNING 1
    ), failing AS (
      UPDATE "Endpoint" e SET "failingSince" = f.since
      FROM unnest(${[...endpoints.keys()]}::text[], ${[...endpoints.values()].map((d) => d?.toISOString() ?? null)}::timestamptz[])
        AS f(id, since)
      WHERE e.id = f.id AND e."failingSince" IS DISTINCT FROM f.since
      RETURNING 1
    ), rolled AS (${counts})
    SELECT (SELECT count(*) FROM attempts)::int AS stored`;
  const disabling = records.filter((r) => r.disabledReason !== null && r.endpointWasEnabled);
  if (disabling.length === 0) {
    await sqlPool().query(statement.text, statement.values as unknown[]);
    return;
  }
  // Rare: the attempt that disables its endpoint is stored with the disabling and its audit.
  await db.$transaction(async (tx) => {
    await tx.$queryRaw(statement);
    for (const r of disabling) await disable(tx, r);
  });
}

async function disable(tx: Prisma.TransactionClient, r: AttemptRecord): Promise<void> {
  const { count } = await tx.endpoint.updateMany({
    where: { id: r.endpointId, enabled: true },
    data: { enabled: false, disabledReason: r.disabledReason },
  });
  if (count === 0) return; // another attempt of the batch (or process) got there first
  await audited(
    everyTenant,
    {
      action: "endpoint.disabled",
      target: { type: "endpoint", id: r.endpointId },
      tenantId: r.tenantId,
      details: { reason: r.disabledReason },
    },
    tx,
  );
}
