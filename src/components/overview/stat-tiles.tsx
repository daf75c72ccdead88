import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatCount, formatLatency, formatRate } from "./format";
import type { Overview } from "./types";

/** One headline number with what it means underneath. */
function Tile({
  label,
  children,
  hint,
  tone = "plain",
}: {
  label: string;
  children: ReactNode;
  hint: ReactNode;
  tone?: "plain" | "good" | "warn" | "bad";
}) {
  return (
    <section
      aria-label={label}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="text-sm font-medium text-slate-500">{label}</h2>
      <div
        className={cn(
          "mt-1 text-3xl font-semibold tracking-tight tabular-nums",
          tone === "good" && "text-emerald-700",
          tone === "warn" && "text-amber-700",
          tone === "bad" && "text-red-700",
        )}
      >
        {children}
      </div>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
    </section>
  );
}

function Percentile({ label, ms }: { label: string; ms: number | null }) {
  // Each percentile stays whole; a narrow tile puts p95 under p50 instead of past its edge.
  return (
    <span className="whitespace-nowrap">
      <span className="mr-1 text-xs font-medium text-slate-500">{label}</span>
      {formatLatency(ms)}
    </span>
  );
}

function rateTone(rate: number | null) {
  if (rate === null) return "plain";
  if (rate >= 0.99) return "good";
  return rate >= 0.9 ? "warn" : "bad";
}

/** Volume in and out, success rate and latency over the window. */
export function StatTiles({ data }: { data: Overview }) {
  const { totals, events, deliveries } = data;
  const waiting = events.received + events.processing;
  return (
    <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
      <Tile
        label="Events in"
        hint={
          events.failed > 0
            ? `${formatCount(events.failed)} failed to process`
            : waiting > 0
              ? `${formatCount(waiting)} waiting to be processed`
              : "all processed"
        }
      >
        {formatCount(totals.eventsIn)}
      </Tile>
      <Tile
        label="Deliveries out"
        hint={`${formatCount(totals.attempts)} attempts · ${formatCount(deliveries.pending)} pending`}
      >
        {formatCount(totals.deliveriesOut)}
      </Tile>
      <Tile
        label="Success rate"
        tone={rateTone(totals.successRate)}
        hint={
          totals.successRate === null
            ? "no delivery ended yet"
            : `${formatCount(deliveries.failed)} of ${formatCount(totals.deliveriesOut)} failed`
        }
      >
        {formatRate(totals.successRate)}
      </Tile>
      <Tile
        label="Delivery latency"
        hint={
          totals.latencyMs.p50 === null
            ? "no delivery succeeded yet"
            : "from an event's receipt to its delivery"
        }
      >
        {totals.latencyMs.p50 === null ? (
          "—"
        ) : (
          <span className="flex flex-wrap items-baseline gap-x-3 text-2xl">
            <Percentile label="p50" ms={totals.latencyMs.p50} />
            <Percentile label="p95" ms={totals.latencyMs.p95} />
          </span>
        )}
      </Tile>
    </div>
  );
}

export function StatTilesSkeleton() {
  return (
    <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
      {["in", "out", "rate", "latency"].map((key) => (
        <div key={key} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="mt-3 h-8 w-32" />
          <Skeleton className="mt-2 h-3 w-40" />
        </div>
      ))}
    </div>
  );
}
