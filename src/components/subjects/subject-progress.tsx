import { Progress } from "@/components/ui/progress";
import { cn } from "@/lib/cn";

/** A subject's progress: a bar for 0–100, the bare number for anything else a provider sends. */
export function SubjectProgress({
  value,
  compact = false,
  className,
}: {
  value: number | null;
  /** A shorter bar, for a list's column. */
  compact?: boolean;
  className?: string;
}) {
  if (value === null) return <span className="text-slate-500">—</span>;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (value < 0 || value > 100) {
    return (
      <span className="tabular-nums" title="Outside 0–100, so shown as the provider sent it">
        {shown}
      </span>
    );
  }
  return (
    <span className={cn("flex items-center gap-2", className)}>
      <Progress
        value={value}
        max={100}
        label={`Progress ${shown}%`}
        className={compact ? "w-16" : "w-24"}
      />
      <span className="text-xs tabular-nums text-slate-600">{shown}%</span>
    </span>
  );
}
