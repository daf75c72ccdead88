import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** One fact of a summary card (inside a `<dl>`): its label above, its value below. */
export function Fact({
  label,
  className,
  children,
}: {
  label: string;
  /** For the value: `truncate` where a long one must stay on one line. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={cn("mt-1 text-sm text-slate-800", className)}>{children}</dd>
    </div>
  );
}

/** One row of a compact definition list (inside a `<dl>`): the term beside its value. */
export function FactRow({
  term,
  termWidth = "7.5rem",
  children,
}: {
  term: string;
  termWidth?: "6rem" | "7.5rem";
  children: ReactNode;
}) {
  return (
    <div
      className={cn(
        "grid gap-3 py-2",
        termWidth === "6rem" ? "grid-cols-[6rem_1fr]" : "grid-cols-[7.5rem_1fr]",
      )}
    >
      <dt className="text-slate-500">{term}</dt>
      <dd className="min-w-0 text-slate-800">{children}</dd>
    </div>
  );
}
