// Numbers on the overview, the same on the server and in every browser (no locale drift).
const whole = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const formatCount = (n: number) => whole.format(n);
export const formatCompact = (n: number) => compact.format(n);

/** A rate as a percentage to a tenth (99.3%, 50%), and never "100%" unless nothing failed. */
export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  const percent = rate * 100;
  if (percent > 99.9 && percent < 100) return ">99.9%";
  return `${Number(percent.toFixed(1))}%`;
}

/** 340 ms, 2.1 s, 5.3 min, 1.2 h. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
