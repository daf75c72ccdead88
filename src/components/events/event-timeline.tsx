import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { EventDetail } from "./types";

type Entry = EventDetail["timeline"][number];

/** "+1.2 s" after the event was received: how long each step took to come. */
function offset(at: Date, start: Date): string {
  const ms = at.getTime() - start.getTime();
  if (ms < 1_000) return `+${Math.max(ms, 0)} ms`;
  if (ms < 60_000) return `+${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `+${Math.round(ms / 60_000)} min`;
  return `+${(ms / 3_600_000).toFixed(1)} h`;
}

const dot: Record<Tone, string> = {
  green: "bg-emerald-500",
  red: "bg-red-500",
  amber: "bg-amber-500",
  blue: "bg-sky-500",
  gray: "bg-slate-300",
};

/**
 * What happened to an event, in order: received, handed to processing, processed (or failed,
 * with the error), then every attempt of every delivery, and the next attempt still to come.
 */
export function EventTimeline({ event }: { event: EventDetail }) {
  const urls = new Map(event.deliveries.map((d) => [d.id, d.endpointUrl]));
  const upcoming = event.deliveries.filter((d) => d.status === "pending" && d.nextAttemptAt);
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5">
      {event.timeline.map((entry, index) => {
        const { tone, title, detail } = entryView(entry, event, urls);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; their order is fixed.
          <li key={index} className="relative">
            <span
              aria-hidden
              className={cn(
                "absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full ring-4 ring-white",
                dot[tone],
              )}
            />
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="text-sm font-medium text-slate-800">{title}</span>
              <span className="text-xs text-slate-500">
                <Time value={entry.at} /> · {offset(entry.at, event.receivedAt)}
              </span>
            </div>
            {detail && <div className="mt-1 text-sm text-slate-600">{detail}</div>}
          </li>
        );
      })}
      {upcoming.map((delivery) => (
        <li key={`next-${delivery.id}`} className="relative">
          <span
            aria-hidden
            className="absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full border-2 border-amber-400 bg-white ring-4 ring-white"
          />
          <div className="text-sm font-medium text-slate-800">Next attempt</div>
          <div className="mt-1 text-sm text-slate-600">
            <Time value={delivery.nextAttemptAt} /> to{" "}
            <span className="font-mono text-xs">{delivery.endpointUrl}</span>
          </div>
        </li>
      ))}
    </ol>
  );
}

function entryView(
  entry: Entry,
  event: EventDetail,
  urls: Map<string, string>,
): { tone: Tone; title: string; detail?: ReactNode } {
  switch (entry.kind) {
    case "received":
      return {
        tone: "blue",
        title:
          event.origin === "replay"
            ? "Replayed"
            : event.origin === "published"
              ? "Published"
              : "Received",
        detail: event.source ? `Through ${event.source.name}` : "Through the API",
      };
    case "handed_off":
      return { tone: "gray", title: "Handed to processing" };
    case "processed":
      return { tone: "green", title: "Processed" };
    case "failed":
      return {
        tone: "red",
        title: "Processing failed",
        detail: <span className="font-mono text-xs text-red-700">{entry.error}</span>,
      };
    case "attempt":
      return attempt(entry, urls);
  }
}

function attempt(entry: Entry, urls: Map<string, string>) {
  const status = entry.responseStatus;
  const ok = status !== null && status !== undefined && status >= 200 && status < 300;
  const tone: Tone = ok ? "green" : "red";
  return {
    tone,
    title: `Attempt ${entry.attemptNumber}`,
    detail: (
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={tone}>{status ?? entry.errorKind ?? "error"}</Badge>
          <Badge>{entry.trigger}</Badge>
          <span className="text-xs text-slate-500">{entry.durationMs} ms</span>
          {entry.deliveryId && (
            <Link
              href={`/deliveries/${entry.deliveryId}`}
              className="text-xs font-medium text-indigo-700 hover:underline"
            >
              Delivery {entry.deliveryId}
            </Link>
          )}
        </div>
        <div className="truncate font-mono text-xs text-slate-500">
          {entry.deliveryId ? urls.get(entry.deliveryId) : null}
        </div>
        {entry.error && <div className="text-xs text-red-700">{entry.error}</div>}
      </div>
    ),
  };
}
