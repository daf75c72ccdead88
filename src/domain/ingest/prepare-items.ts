import { createHash } from "node:crypto";
import type { Source } from "@/domain/sources/sources";
import { type Observation, observe } from "@/domain/subjects/subject-state";
import { getPath } from "@/lib/json-path";

export interface InboundContext {
  headers: Record<string, string | undefined>;
  /** The {subject} segment of /api/webhooks/{slug}/{subject}, if any. */
  urlSubject?: string;
  rawBody: Buffer;
  batchSize: number;
}

export type PreparedItem =
  | {
      ok: true;
      index: number;
      type: string;
      subjectKey: string | null;
      idempotencyKey: string;
      payload: Record<string, unknown>;
      /** What the item says about its subject, when the source tracks subjects. */
      observation: Observation | null;
    }
  | { ok: false; index: number; error: string };

// ISO-8601 date-time: date, "T", time, optional fraction, and a zone (Z or ±hh:mm).
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Checks one item against the source's rules and reads its type, subject and idempotency key. */
export function prepareItem(
  source: Source,
  item: Record<string, unknown>,
  index: number,
  ctx: InboundContext,
): PreparedItem {
  const reject = (error: string): PreparedItem => ({ ok: false, index, error });
  for (const path of source.required) {
    const value = getPath(item, path);
    if (value === undefined || value === null || value === "")
      return reject(`Missing required field "${path}"`);
  }
  for (const path of source.timestamps) {
    const value = getPath(item, path);
    if (value === undefined || value === null) return reject(`Missing timestamp "${path}"`);
    if (typeof value !== "string" || !isoDateTime.test(value) || Number.isNaN(Date.parse(value))) {
      return reject(`"${path}" must be an ISO-8601 timestamp, got ${JSON.stringify(value)}`);
    }
  }

  const type = readType(source, item, ctx);
  if (!type)
    return reject("No event type: the field or header the source reads it from is missing");

  const subjectKey = readSubject(source, item, ctx);
  if (source.subject && !subjectKey)
    return reject("No subject: the field, header or URL segment it comes from is missing");

  const key = readIdempotencyKey(source, item, index, ctx);
  if (!key) return reject("No idempotency key: the header or fields it comes from are missing");
  // Long keys are hashed so the unique index stays small.
  const idempotencyKey =
    key.length > 200 ? `sha256:${createHash("sha256").update(key).digest("hex")}` : key;

  const observation = source.tracking && subjectKey ? observe(source.tracking, item) : null;
  return { ok: true, index, type, subjectKey, idempotencyKey, payload: item, observation };
}

function readType(
  source: Source,
  item: Record<string, unknown>,
  ctx: InboundContext,
): string | null {
  const rule = source.eventType;
  if ("fixed" in rule) return rule.fixed;
  const value = rule.from === "path" ? getPath(item, rule.path) : ctx.headers[rule.header];
  return typeof value === "string" && value ? value.slice(0, 200) : null;
}

function readSubject(
  source: Source,
  item: Record<string, unknown>,
  ctx: InboundContext,
): string | null {
  const rule = source.subject;
  // Bounded as every other subject: a longer key overflows the subjects' unique index (a 500).
  if (!rule) return ctx.urlSubject?.slice(0, 500) || null;
  const value =
    rule.from === "url"
      ? ctx.urlSubject
      : rule.from === "header"
        ? ctx.headers[rule.header]
        : getPath(item, rule.path);
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value ? value.slice(0, 500) : null;
}

/** Header (plus the position within a batch), the listed fields, or a hash of the item. */
function readIdempotencyKey(
  source: Source,
  item: Record<string, unknown>,
  index: number,
  ctx: InboundContext,
): string | null {
  const rule = source.idempotency;
  if (rule.from === "header") {
    const value = ctx.headers[rule.header];
    if (!value) return null;
    return ctx.batchSize > 1 ? `${value}#${index}` : value;
  }
  if (rule.from === "paths") {
    const values = rule.paths.map((path) => getPath(item, path));
    if (values.some((value) => value === undefined || value === null)) return null;
    return `paths:${JSON.stringify(values)}`;
  }
  const bytes = ctx.batchSize > 1 ? Buffer.from(JSON.stringify(item)) : ctx.rawBody;
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
