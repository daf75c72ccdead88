"use client";

import { Progress as RadixProgress } from "radix-ui";
import { cn } from "@/lib/cn";

/** A progress bar (role="progressbar", aria-valuenow and aria-valuemax): `value` of `max`. */
export function Progress({
  value,
  max,
  label,
  className,
}: {
  value: number;
  max: number;
  /** Its accessible name. */
  label: string;
  className?: string;
}) {
  // Radix refuses max 0; nothing to do is shown as done.
  const safeMax = Math.max(max, 1);
  const shown = max === 0 ? safeMax : Math.min(value, safeMax);
  return (
    <RadixProgress.Root
      value={shown}
      max={safeMax}
      aria-label={label}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-slate-200", className)}
    >
      <RadixProgress.Indicator
        className="h-full bg-indigo-600 transition-[width] duration-300 ease-out"
        style={{ width: `${(shown / safeMax) * 100}%` }}
      />
    </RadixProgress.Root>
  );
}
