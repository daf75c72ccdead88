"use client";

import { Time } from "@/components/ui/time";

/** When a pending delivery is tried next: "in 4 s" (or "due now"), the exact time on hover. */
export function NextAttempt({ at }: { at: Date | null }) {
  if (!at) return <span className="text-slate-500">—</span>;
  const seconds = Math.round((at.getTime() - Date.now()) / 1000);
  const words =
    seconds <= 0
      ? "due now"
      : seconds < 60
        ? `in ${seconds} s`
        : seconds < 3600
          ? `in ${Math.round(seconds / 60)} min`
          : seconds < 86_400
            ? `in ${Math.round(seconds / 3600)} h`
            : null;
  if (!words) return <Time value={at} />;
  return (
    <time
      dateTime={at.toISOString()}
      title={at.toLocaleString()}
      suppressHydrationWarning
      className="tabular-nums"
    >
      {words}
    </time>
  );
}
