import { getPath } from "@/lib/json-path";

/** "*" matches all, "claim.*" every type under claim., anything else exactly. */
export function matchesEventType(patterns: string[], type: string): boolean {
  return patterns.some((pattern) =>
    pattern === "*"
      ? true
      : pattern.endsWith(".*")
        ? type.startsWith(pattern.slice(0, -1))
        : pattern === type,
  );
}

/** Every path of the filter equals its value in the payload (no filter matches everything). */
export function matchesFilter(filter: Record<string, unknown> | null, payload: unknown): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([path, value]) => getPath(payload, path) === value);
}
