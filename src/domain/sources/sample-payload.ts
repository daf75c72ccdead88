import type { z } from "zod";
import { getPath } from "@/lib/json-path";
import type { sourceOut } from "./schemas";

// Pure and free of Node built-ins: the console builds its curl example from it in the browser,
// and `Send a sample` builds the request it ingests from it on the server.

/** What a sample needs to know of its source: how the source reads a request. */
export type SampleSource = Pick<
  z.output<typeof sourceOut>,
  "verification" | "idempotency" | "eventType" | "subject" | "required" | "timestamps" | "batch"
> &
  Partial<Pick<z.output<typeof sourceOut>, "tracking">>;

/** The values that change on every send, so that a second sample is a new event, not a duplicate. */
export interface SampleValues {
  /** Unique per send: the order id, the webhook id, the subject. */
  id: string;
  /** ISO-8601, for the timestamps the source checks. */
  now: string;
}

/** An unsigned sample request: the body and the headers a provider sends besides its signature. */
export interface SampleRequest {
  body: string;
  headers: Record<string, string>;
  /** The {subject} segment of /api/webhooks/{slug}/{subject}, for sources that read it there. */
  urlSubject: string | null;
}

export const SAMPLE_EVENT_TYPE = "order.created";

/**
 * A realistic webhook for this source: an order (or, for a Stripe source, a Stripe event), with
 * every path the source reads filled in (event type, subject, required, timestamps,
 * idempotency), so that the source accepts it whatever its rules.
 */
export function sampleRequest(source: SampleSource, values: SampleValues): SampleRequest {
  const item = baseItem(source, values);
  const fill = (path: string, value: unknown) => {
    if (getPath(item, path) === undefined) setPath(item, path, value);
  };
  const { eventType, subject, idempotency } = source;
  if ("from" in eventType && eventType.from === "path") fill(eventType.path, SAMPLE_EVENT_TYPE);
  if (subject?.from === "path") fill(subject.path, `ord_${values.id}`);
  if (idempotency.from === "paths") for (const path of idempotency.paths) fill(path, values.id);
  // Timestamps are set even when the base item has the path: it must be ISO-8601.
  for (const path of source.timestamps) setPath(item, path, values.now);
  for (const path of source.required) fill(path, "sample");
  // A tracked source's sample moves its subject: under way, half done.
  if (source.tracking) {
    fill(source.tracking.status, "processing");
    if (source.tracking.progress) fill(source.tracking.progress, 50);
  }

  const headers: Record<string, string> = { "content-type": "application/json" };
  if (idempotency.from === "header") headers[idempotency.header] = values.id;
  if ("from" in eventType && eventType.from === "header")
    headers[eventType.header] = SAMPLE_EVENT_TYPE;
  if (subject?.from === "header") headers[subject.header] = `ord_${values.id}`;
  return {
    body: JSON.stringify(item, null, 2),
    headers,
    urlSubject: subject?.from === "url" ? `ord_${values.id}` : null,
  };
}

function baseItem(source: SampleSource, { id, now }: SampleValues): Record<string, unknown> {
  if (source.verification.scheme === "stripe") {
    return {
      id: `evt_${id}`,
      object: "event",
      type: "payment_intent.succeeded",
      livemode: false,
      data: {
        object: {
          id: `pi_${id}`,
          object: "payment_intent",
          amount: 4200,
          currency: "eur",
          status: "succeeded",
        },
      },
    };
  }
  return {
    type: SAMPLE_EVENT_TYPE,
    id,
    created_at: now,
    data: {
      order_id: `ord_${id}`,
      customer: { name: "Ada Lovelace", email: "ada@example.com" },
      items: [{ sku: "SY-TEE-M", quantity: 2, unit_price: 2100 }],
      total: 4200,
      currency: "EUR",
    },
  };
}

/** Sets a dotted path, making objects on the way (a scalar in the way is replaced). */
function setPath(item: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let current = item;
  for (const key of keys) {
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (next === null || typeof next !== "object") setOwn(current, key, {});
    current = current[key] as Record<string, unknown>;
  }
  setOwn(current, last, value);
}

/** An own key even for "__proto__": `=` would walk into Object.prototype and pollute it. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
