/** A duration in words a person reads at a glance: 85 ms, 1.2 s, 3 min 5 s, 2 h 10 min. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 1_440) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1_440)} d ${Math.floor((minutes % 1_440) / 60)} h`;
}

/** A duration, or a dash when there is none (yet). */
export function Duration({ ms, className }: { ms: number | null | undefined; className?: string }) {
  return (
    <span className={className ?? "tabular-nums"}>
      {ms === null || ms === undefined ? "—" : formatDuration(ms)}
    </span>
  );
}
