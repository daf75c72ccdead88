/**
 * "Payload field = value" as JSONB containment documents: `message.call.id` = `abc` is
 * `{"message": {"call": {"id": "abc"}}}`, which `payload @> ...` answers from the GIN index.
 * A value typed in a URL is text, but a payload may hold it as a number, a boolean or null
 * (`lead_id=42` should find `{"lead_id": 42}` and `{"lead_id": "42"}`): every reading of the
 * text that JSON allows is one document, and an event matching any of them is found.
 */
export function containmentDocuments(path: string, value: string): string[] {
  const readings: unknown[] = [value];
  const parsed = parseJson(value);
  if (parsed.ok && parsed.value !== value) readings.push(parsed.value);
  return readings.map((reading) => JSON.stringify(nestUnder(path, reading)));
}

function nestUnder(path: string, value: unknown): unknown {
  return path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
