/**
 * Deeper JSON than this is refused wherever it comes in (webhooks, REST, tRPC): no caller
 * needs it, and every later reader (validation, storage, the console) would pay for it.
 */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a parsed JSON value (a scalar is 0), looking no deeper than `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value as object)) {
    deepest = Math.max(deepest, jsonDepth(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/** Whether a parsed JSON value nests deeper than MAX_JSON_DEPTH. */
export function isTooDeep(value: unknown): boolean {
  return jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH;
}

export const tooDeepMessage = `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
