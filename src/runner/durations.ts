// Inngest writes durations as "2s", "1m30s", "1h", "500ms"; sleepUntil gives an ISO time.

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds from now until a duration such as "1m30s" or an ISO time has passed. */
export function msUntil(value: string, now = Date.now()): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join("") === value) {
    return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (unitMs[unit ?? "s"] ?? 0), 0);
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`Unrecognised duration or time "${value}"`);
  return Math.max(0, at - now);
}

/**
 * When a Sleep op ends, for the database to turn into a time by its own clock: a duration
 * ("2s") from now, or the ISO time a sleepUntil gave.
 */
export function sleepTarget(value: string): { ms: number | null; at: string | null } {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join("") === value) {
    return { ms: msUntil(value), at: null };
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`Unrecognised duration or time "${value}"`);
  return { ms: null, at: new Date(at).toISOString() };
}
