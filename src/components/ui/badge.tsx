import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

const tones = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  blue: "bg-sky-50 text-sky-700 ring-sky-600/20",
  gray: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

export type Tone = keyof typeof tones;

export function Badge({
  tone = "gray",
  className,
  children,
}: {
  tone?: Tone;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

// Every status word of the product, one colour each, the same on every page.
const statusTones: Record<string, Tone> = {
  received: "blue",
  processing: "amber",
  completed: "green",
  failed: "red",
  pending: "amber",
  succeeded: "green",
  running: "amber",
  enabled: "green",
  disabled: "gray",
  queued: "blue",
  sleeping: "blue",
  cancelled: "gray",
};

/** A status as a badge: its word, in the colour that word has everywhere in the console. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={statusTones[status] ?? "gray"} className={className}>
      {status}
    </Badge>
  );
}
