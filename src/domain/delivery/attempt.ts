import { everyTenant } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { signingSecrets } from "@/domain/endpoints/endpoints";
import { rateLimitRule } from "@/domain/sources/schemas";
import { countDelivery } from "@/domain/stats/rollups";
import type { AttemptTrigger } from "@/generated/prisma/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import { parseDurationList } from "@/lib/durations";
import { parseRetryAfter } from "@/lib/http/retry-after";
import { newId } from "@/lib/ids";
import { OutboundError, sendOutbound } from "@/lib/net/outbound-request";
import { buildDeliveryRequest } from "./build-request";
import { waitForDeliverySlot } from "./rate-limit";
import { deliverySettings } from "./settings";

export type AttemptOutcome =
  /** Nothing more to do: delivered, or the delivery can no longer succeed. */
  | { done: true; status: "succeeded" | "failed" }
  /** Failed: try again in this long (the retry schedule, or more if the endpoint asked). */
  | { done: false; retryInMs: number }
  /** Not attempted: the endpoint's rate limit is used up for this long. */
  | { done: false; rateLimitedMs: number };

/**
 * One HTTP request of a delivery, recorded as an attempt whatever happens: status, headers,
 * body (4 KiB), duration and, on failure, the kind of error. 410 Gone disables the endpoint.
 * `attemptInRun` (1-based) places a failure on the retry schedule: the endpoint's own, or
 * DELIVERY_RETRY_SCHEDULE; past its end the delivery ends failed.
 */
export async function attemptDelivery(
  deliveryId: string,
  trigger: AttemptTrigger,
  attemptInRun = 1,
): Promise<AttemptOutcome> {
  const delivery = await db.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    include: {
      endpoint: true,
      event: {
        select: { id: true, type: true, receivedAt: true, payload: true, enrichment: true },
      },
    },
  });
  if (delivery.status === "succeeded") return { done: true, status: "succeeded" };
  const { endpoint, event } = delivery;
  // A test event may check a disabled endpoint before it is enabled again.
  if (!endpoint.enabled && trigger !== "test") {
    await finishDelivery(deliveryId, "failed", event.receivedAt);
    return { done: true, status: "failed" };
  }

  const waitMs = await waitForDeliverySlot(
    endpoint.id,
    rateLimitRule.nullable().parse(endpoint.rateLimit),
  );
  if (waitMs > 0) return { done: false, rateLimitedMs: waitMs };

  const settings = deliverySettings();
  const request = buildDeliveryRequest(
    {
      id: event.id,
      type: event.type,
      timestamp: event.receivedAt,
      data: event.payload,
      enrichment: event.enrichment,
    },
    signingSecrets(endpoint),
    endpoint.headers as Record<string, string>,
  );
  const startedAt = new Date();
  let record: {
    responseStatus?: number;
    responseHeaders?: object;
    responseBody?: string;
    error?: string;
    errorKind?: string;
    durationMs: number;
  };
  let retryAfterMs: number | undefined;
  try {
    const response = await sendOutbound(endpoint.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      timeoutMs: endpoint.timeoutMs ?? settings.timeoutMs,
      allowPrivate: settings.allowPrivate || endpoint.builtIn,
    });
    const ok = response.status >= 200 && response.status < 300;
    record = {
      responseStatus: response.status,
      responseHeaders: response.headers,
      responseBody: response.body,
      durationMs: response.durationMs,
      ...(ok
        ? {}
        : { error: `The endpoint answered ${response.status}`, errorKind: "http_status" }),
    };
    if (response.status === 429 || response.status === 503)
      retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
  } catch (error) {
    const kind = error instanceof OutboundError ? error.kind : "connect";
    record = {
      error: (error as Error).message,
      errorKind: kind,
      durationMs:
        error instanceof OutboundError ? error.durationMs : Date.now() - startedAt.getTime(),
    };
  }

  const succeeded =
    record.responseStatus !== undefined &&
    record.responseStatus >= 200 &&
    record.responseStatus < 300;
  // What this attempt means, decided before it is stored so that one transaction records it.
  const failingSince = endpoint.failingSince ?? startedAt;
  const disabledReason = succeeded
    ? null
    : record.responseStatus === 410
      ? "The endpoint answered 410 Gone"
      : Date.now() - failingSince.getTime() >= settings.autoDisableAfterMs
        ? `Every delivery failed since ${failingSince.toISOString()}; re-enable it once it answers again`
        : null;
  const schedule = endpoint.retrySchedule
    ? parseDurationList(endpoint.retrySchedule)
    : settings.retrySchedule;
  const delay = schedule[attemptInRun - 1];
  const outcome: AttemptOutcome = succeeded
    ? { done: true, status: "succeeded" }
    : disabledReason !== null || delay === undefined
      ? { done: true, status: "failed" }
      : // An endpoint that asked for more time (Retry-After on 429/503) gets it.
        { done: false, retryInMs: Math.max(delay, retryAfterMs ?? 0) };

  await db.$transaction(async (tx) => {
    // The next attempt's time by the database's clock, which the runner's sleep also follows.
    const [{ attemptCount } = { attemptCount: 0 }] = await tx.$queryRaw<{ attemptCount: number }[]>`
      UPDATE "Delivery" SET "attemptCount" = "attemptCount" + 1, "lastAttemptAt" = ${startedAt},
        status = ${outcome.done ? outcome.status : "pending"}::"DeliveryStatus",
        "nextAttemptAt" = now() + ${millisecondsInterval(outcome.done ? null : outcome.retryInMs)},
        "updatedAt" = now()
      WHERE id = ${deliveryId}
      RETURNING "attemptCount"`;
    await tx.deliveryAttempt.create({
      data: {
        id: newId("attempt"),
        deliveryId,
        attemptNumber: attemptCount,
        trigger,
        requestHeaders: withoutSignature(request.headers),
        startedAt,
        ...record,
      },
    });
    await tx.endpoint.update({
      where: { id: endpoint.id },
      data: {
        failingSince: succeeded ? null : failingSince,
        ...(disabledReason !== null && { enabled: false, disabledReason }),
      },
    });
    await countDelivery(tx, {
      tenantId: endpoint.tenantId,
      endpointId: endpoint.id,
      attempt: { failed: !succeeded },
      outcome: outcome.done ? outcome.status : undefined,
      receivedAt: event.receivedAt,
    });
    if (disabledReason !== null && endpoint.enabled) {
      const record = { target: { type: "endpoint", id: endpoint.id }, tenantId: endpoint.tenantId };
      await audited(
        everyTenant,
        { action: "endpoint.disabled", ...record, details: { reason: disabledReason } },
        tx,
      );
    }
  });
  return outcome;
}

/** Retries exhausted (or the endpoint disabled): the delivery ends failed, counted once. */
export async function finishDelivery(
  deliveryId: string,
  status: "succeeded" | "failed",
  receivedAt: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const ended = await tx.delivery.updateManyAndReturn({
      where: { id: deliveryId, status: "pending" },
      data: { status, nextAttemptAt: null },
      select: { tenantId: true, endpointId: true },
    });
    for (const { tenantId, endpointId } of ended) {
      await countDelivery(tx, { tenantId, endpointId, outcome: status, receivedAt });
    }
  });
}

// Signatures prove nothing without the secret, but the attempt log is no place for them.
function withoutSignature(headers: Record<string, string>): Record<string, string> {
  const { "webhook-signature": _signature, ...rest } = headers;
  return rest;
}
