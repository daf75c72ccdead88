import { sqlPool } from "@/domain/db";
import { signingSecrets } from "@/domain/endpoints/endpoints";
import { MASKED_HEADER_VALUE, openHeaders } from "@/domain/sealed-headers";
import { rateLimitRule } from "@/domain/sources/schemas";
import type { AttemptTrigger, DeliveryStatus, Endpoint } from "@/generated/prisma/client";
import { parseDurationList } from "@/lib/durations";
import { parseRetryAfter } from "@/lib/http/retry-after";
import { OutboundError, sendOutbound } from "@/lib/net/outbound-request";
import { endSpan, startSpan } from "@/lib/tracing";
import { attemptsRecorded } from "./attempt-listeners";
import { buildDeliveryRequest } from "./build-request";
import { finishDelivery } from "./finish";
import { waitForDeliverySlot } from "./rate-limit";
import { type AttemptRecord, recordAttempts } from "./record-attempts";
import { deliverySettings } from "./settings";

export { finishDelivery };

export type AttemptOutcome =
  /** Nothing more to do: delivered, or the delivery can no longer succeed. */
  | { done: true; status: "succeeded" | "failed" }
  /** Failed: try again in this long (the retry schedule, or more if the endpoint asked). */
  | { done: false; retryInMs: number }
  /** Not attempted: the endpoint's rate limit is used up for this long. */
  | { done: false; rateLimitedMs: number };

/** An attempt to make: `attemptInRun` (1-based) places a failure on the retry schedule. */
export interface AttemptRequest {
  deliveryId: string;
  trigger: AttemptTrigger;
  attemptInRun?: number;
}

/** Requests of one batch sent to one endpoint at once, at most. */
export const SENDS_AT_ONCE = 10;

/** The longest an endpoint's Retry-After may hold a delivery back: years, or worse, never. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** One delivery's attempt; see attemptDeliveries. */
export async function attemptDelivery(
  deliveryId: string,
  trigger: AttemptTrigger,
  attemptInRun = 1,
): Promise<AttemptOutcome> {
  const [outcome] = await attemptDeliveries([{ deliveryId, trigger, attemptInRun }]);
  if (!outcome) throw new Error(`No outcome for delivery "${deliveryId}"`);
  return outcome;
}

/**
 * One HTTP request per delivery (up to SENDS_AT_ONCE at a time), each recorded as an attempt
 * whatever happens: status, headers, body (4 KiB), duration and, on failure, the kind of
 * error; all of them stored in one statement. 410 Gone disables the endpoint. A failure is
 * placed on the retry schedule (the endpoint's own, or DELIVERY_RETRY_SCHEDULE); past its end
 * the delivery ends failed. Outcomes come back in the order of the requests.
 */
export async function attemptDeliveries(asked: AttemptRequest[]): Promise<AttemptOutcome[]> {
  // A delivery asked for twice in one batch (a retry clicked twice) is attempted once.
  const requests = [...new Map(asked.map((r) => [r.deliveryId, r])).values()];
  const deliveries = await loadTargets(requests.map((r) => r.deliveryId));
  const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  const settings = deliverySettings();
  const outcomes: AttemptOutcome[] = [];
  const records: AttemptRecord[] = [];
  const ended: Target[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const request = requests[i] as AttemptRequest;
      const delivery = byId.get(request.deliveryId);
      if (!delivery) throw new Error(`No delivery "${request.deliveryId}"`);
      if (delivery.status === "succeeded") {
        outcomes[i] = { done: true, status: "succeeded" };
        continue;
      }
      // A test event may check a disabled endpoint before it is enabled again.
      if (!delivery.endpoint.enabled && request.trigger !== "test") {
        ended.push(delivery);
        outcomes[i] = { done: true, status: "failed" };
        continue;
      }
      const rule = rateLimitRule.nullable().parse(delivery.endpoint.rateLimit);
      const waitMs = await waitForDeliverySlot(delivery.endpoint.id, rule);
      if (waitMs > 0) {
        outcomes[i] = { done: false, rateLimitedMs: waitMs };
        continue;
      }
      const record = await send(delivery, request, settings);
      records.push(record);
      outcomes[i] = outcomeOf(record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SENDS_AT_ONCE, requests.length) }, worker));
  await recordAttempts(records);
  attemptsRecorded(records);
  for (const delivery of ended)
    await finishDelivery(delivery.id, "failed", delivery.event.receivedAt);
  const byDelivery = new Map(requests.map((r, i) => [r.deliveryId, outcomes[i]]));
  return asked.map((r) => byDelivery.get(r.deliveryId) as AttemptOutcome);
}

/**
 * The delivery path once with nothing to send: a read and a record of no delivery, and a
 * request built and signed for nobody. Run when the embedded runner starts, so that the first
 * webhooks after a start do not pay for this code running for the first time.
 */
export async function warmDeliveryPath(): Promise<void> {
  await attemptDeliveries([]);
  buildDeliveryRequest(
    { id: "msg_warm_up", type: "warm.up", timestamp: new Date(), data: {} },
    [WARM_UP_SECRET],
    {},
  );
}
const WARM_UP_SECRET = `whsec_${Buffer.alloc(32).toString("base64")}`;

/** A delivery with its endpoint and event, as an attempt needs them. */
interface Target {
  id: string;
  status: DeliveryStatus;
  endpoint: Endpoint;
  event: { id: string; type: string; receivedAt: Date; payload: unknown; enrichment: unknown };
}

/** One statement for every delivery of a batch (plain pg: the delivery path's hot read). */
async function loadTargets(deliveryIds: string[]): Promise<Target[]> {
  const { rows } = await sqlPool().query<
    Endpoint & {
      deliveryId: string;
      deliveryStatus: DeliveryStatus;
      eventId: string;
      eventType: string;
      eventReceivedAt: Date;
      eventPayload: unknown;
      eventEnrichment: unknown;
    }
  >(
    `SELECT d.id AS "deliveryId", d.status AS "deliveryStatus", ev.id AS "eventId",
       ev.type AS "eventType", ev."receivedAt" AS "eventReceivedAt", ev.payload AS "eventPayload",
       ev.enrichment AS "eventEnrichment", e.*
     FROM "Delivery" d JOIN "Endpoint" e ON e.id = d."endpointId"
       JOIN "Event" ev ON ev.id = d."eventId"
     WHERE d.id = ANY($1)`,
    [deliveryIds],
  );
  return rows.map(
    ({ deliveryId, deliveryStatus, eventId, eventType, eventReceivedAt, ...rest }) => {
      const { eventPayload, eventEnrichment, ...endpoint } = rest;
      return {
        id: deliveryId,
        status: deliveryStatus,
        endpoint,
        event: {
          id: eventId,
          type: eventType,
          receivedAt: eventReceivedAt,
          payload: eventPayload,
          enrichment: eventEnrichment,
        },
      };
    },
  );
}

/** Sends one attempt and judges it; nothing is stored here. */
async function send(
  delivery: Target,
  request: AttemptRequest,
  settings: ReturnType<typeof deliverySettings>,
): Promise<AttemptRecord> {
  const { endpoint, event } = delivery;
  const built = buildDeliveryRequest(
    {
      id: event.id,
      type: event.type,
      timestamp: event.receivedAt,
      data: event.payload,
      enrichment: event.enrichment,
    },
    signingSecrets(endpoint),
    openHeaders(endpoint.headers as Record<string, string>),
  );
  const startedAt = new Date();
  const span = startSpan("delivery.attempt");
  let answer: Pick<
    AttemptRecord,
    "responseStatus" | "responseHeaders" | "responseBody" | "error" | "errorKind" | "durationMs"
  >;
  let retryAfterMs: number | undefined;
  try {
    const response = await sendOutbound(endpoint.url, {
      method: "POST",
      headers: built.headers,
      body: built.body,
      timeoutMs: endpoint.timeoutMs ?? settings.timeoutMs,
      allowPrivate: settings.allowPrivate || endpoint.builtIn,
    });
    const ok = response.status >= 200 && response.status < 300;
    answer = {
      responseStatus: response.status,
      responseHeaders: response.headers,
      responseBody: response.body,
      durationMs: response.durationMs,
      ...(ok
        ? {}
        : { error: `The endpoint answered ${response.status}`, errorKind: "http_status" }),
    };
    if (response.status === 429 || response.status === 503)
      retryAfterMs = Math.min(
        parseRetryAfter(response.headers["retry-after"]) ?? 0,
        MAX_RETRY_AFTER_MS,
      );
  } catch (error) {
    answer = {
      error: (error as Error).message,
      errorKind: error instanceof OutboundError ? error.kind : "connect",
      durationMs:
        error instanceof OutboundError ? error.durationMs : Date.now() - startedAt.getTime(),
    };
  }
  const succeeded =
    answer.responseStatus !== undefined &&
    answer.responseStatus >= 200 &&
    answer.responseStatus < 300;
  if (span) {
    endSpan(
      span,
      {
        "switchyard.endpoint.id": endpoint.id,
        "switchyard.delivery.id": delivery.id,
        "switchyard.trigger": request.trigger,
        "http.response.status_code": answer.responseStatus,
        "error.type": answer.errorKind ?? undefined,
        "switchyard.duration_ms": answer.durationMs,
      },
      !succeeded,
    );
  }
  // What this attempt means, decided before it is stored so that one statement records it.
  const failingSince = endpoint.failingSince ?? startedAt;
  const disabledReason = succeeded
    ? null
    : answer.responseStatus === 410
      ? "The endpoint answered 410 Gone"
      : Date.now() - failingSince.getTime() >= settings.autoDisableAfterMs
        ? `Every delivery failed since ${failingSince.toISOString()}; re-enable it once it answers again`
        : null;
  const schedule = endpoint.retrySchedule
    ? parseDurationList(endpoint.retrySchedule)
    : settings.retrySchedule;
  const delay = schedule[(request.attemptInRun ?? 1) - 1];
  const gaveUp = disabledReason !== null || delay === undefined;
  return {
    deliveryId: delivery.id,
    tenantId: endpoint.tenantId,
    endpointId: endpoint.id,
    trigger: request.trigger,
    requestHeaders: forTheLog(built.headers, endpoint.headers as Record<string, string>),
    startedAt,
    ...answer,
    succeeded,
    status: succeeded ? "succeeded" : gaveUp ? "failed" : "pending",
    // An endpoint that asked for more time (Retry-After on 429/503) gets it, up to a day.
    retryInMs: succeeded || gaveUp ? null : Math.max(delay ?? 0, retryAfterMs ?? 0),
    failingSince: succeeded ? null : failingSince,
    disabledReason,
    endpointWasEnabled: endpoint.enabled,
    eventReceivedAt: event.receivedAt,
  };
}

function outcomeOf(record: AttemptRecord): AttemptOutcome {
  if (record.status === "pending") return { done: false, retryInMs: record.retryInMs ?? 0 };
  return { done: true, status: record.status };
}

/**
 * The request's headers as the attempt log keeps them: the endpoint's custom headers masked
 * (they carry credentials), and no signature (it proves nothing without the secret, but the
 * log is no place for it).
 */
function forTheLog(
  headers: Record<string, string>,
  custom: Record<string, string>,
): Record<string, string> {
  const { "webhook-signature": _signature, ...rest } = headers;
  const customNames = new Set(Object.keys(custom).map((name) => name.toLowerCase()));
  return Object.fromEntries(
    Object.entries(rest).map(([name, value]) => [
      name,
      customNames.has(name.toLowerCase()) ? MASKED_HEADER_VALUE : value,
    ]),
  );
}
