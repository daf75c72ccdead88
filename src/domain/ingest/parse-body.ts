import { DomainError } from "@/domain/errors";
import { isTooDeep, MAX_JSON_DEPTH, tooDeepMessage } from "@/lib/json/depth";
import { isStorable } from "@/lib/json/storable";

/**
 * The body's items: one JSON object, an array of objects when the source takes batches, or a
 * form. Anything else is refused before anything is stored.
 */
export function parseBody(
  contentType: string,
  rawBody: Buffer,
  /** `maxItems`: a larger batch is refused whole, so one request's work stays bounded. */
  opts: { batch: boolean; maxItems: number },
): Record<string, unknown>[] {
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/x-www-form-urlencoded") {
    const form = Object.fromEntries(new URLSearchParams(rawBody.toString("utf8")));
    assertStorable(form);
    return [form];
  }
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    throw new DomainError(
      "unsupported_media_type",
      `Content-Type must be application/json or application/x-www-form-urlencoded, not "${mediaType || "(none)"}"`,
    );
  }
  const parsed = parseJson(rawBody);
  if (isTooDeep(parsed)) throw new DomainError("invalid_body", tooDeepMessage);
  assertStorable(parsed);
  if (Array.isArray(parsed)) {
    if (!opts.batch)
      throw new DomainError(
        "invalid_body",
        "This source takes one JSON object per request, not an array",
      );
    if (parsed.length === 0) throw new DomainError("invalid_body", "The batch is empty");
    if (parsed.length > opts.maxItems) {
      throw new DomainError(
        "batch_too_large",
        `The batch has ${parsed.length} items; this source takes at most ${opts.maxItems} per request`,
      );
    }
    return parsed.map((item, index) => {
      if (!isObject(item))
        throw new DomainError("invalid_body", `Item ${index} of the batch is not a JSON object`);
      return item;
    });
  }
  if (!isObject(parsed)) throw new DomainError("invalid_body", "The body must be a JSON object");
  return [parsed];
}

function parseJson(rawBody: Buffer): unknown {
  const text = rawBody.toString("utf8");
  // Invalid UTF-8 (binary garbage) decodes to U+FFFD; JSON.parse alone might accept it in strings.
  if (text.includes("\uFFFD") && !Buffer.from(text, "utf8").equals(rawBody)) {
    throw new DomainError("malformed_json", "The body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError("malformed_json", `Malformed JSON: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** PostgreSQL text and jsonb cannot hold U+0000 or lone surrogates: refuse them as bad input. */
function assertStorable(value: unknown): void {
  if (!isStorable(value, MAX_JSON_DEPTH)) {
    throw new DomainError("invalid_body", "Text may not contain U+0000 or unpaired surrogates");
  }
}
