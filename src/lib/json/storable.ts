/**
 * Whether PostgreSQL can store a JSON value: its text and jsonb hold neither U+0000 nor
 * unpaired surrogates, and refuse the whole statement when one turns up.
 */
export function isStorable(value: unknown, maxDepth = 64, depth = 0): boolean {
  if (typeof value === "string") return !value.includes("\u0000") && !/\p{Cs}/u.test(value);
  if (value === null || typeof value !== "object" || depth > maxDepth) return true;
  return Object.entries(value).every(
    ([key, child]) =>
      isStorable(key, maxDepth, depth + 1) && isStorable(child, maxDepth, depth + 1),
  );
}
