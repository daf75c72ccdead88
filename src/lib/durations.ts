/** Parses "500ms", "5s", "5m", "2h", "1d" (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new Error(`Invalid duration "${text}" (expected e.g. 500ms, 5s, 5m, 2h, 1d)`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? "s"] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

/** Parses a comma-separated list of durations such as "5s,5m,30m,2h". */
export function parseDurationList(text: string): number[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseDuration);
}
