"use client";

import { ToggleGroup } from "radix-ui";
import { cn } from "@/lib/cn";

/**
 * One choice of a few, side by side (a window: 1 h, 24 h, 7 d, 30 d). Arrow keys move between
 * the options; the group's label names what is chosen.
 */
export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onValueChange,
  className,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string; title?: string }[];
  onValueChange: (value: T) => void;
  className?: string;
}) {
  return (
    <ToggleGroup.Root
      type="single"
      aria-label={label}
      value={value}
      // Choosing the chosen option again keeps it: there is always one.
      onValueChange={(next) => next && onValueChange(next as T)}
      className={cn(
        "inline-flex rounded-md border border-slate-300 bg-white p-0.5 shadow-sm",
        className,
      )}
    >
      {options.map((option) => (
        <ToggleGroup.Item
          key={option.value}
          value={option.value}
          title={option.title}
          className={cn(
            "rounded px-3 py-1 text-sm font-medium text-slate-600 tabular-nums",
            "hover:bg-slate-100 hover:text-slate-900",
            "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600",
            "data-[state=on]:bg-indigo-600 data-[state=on]:text-white",
          )}
        >
          {option.label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
