import Link from "next/link";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago, Time } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import { OriginBadge } from "./subject-state";
import type { TimelineEntry } from "./types";

const IGNORED =
  "Arrived after the subject was terminal: kept on the timeline, but it changed nothing and was not delivered.";

/** A subject's events, oldest first: what each said about the subject, and how it went. */
export function SubjectTimeline({ timeline }: { timeline: TimelineEntry[] }) {
  if (timeline.length === 0) {
    return (
      <p className="text-sm text-slate-500">Registered, but no event has arrived about it yet.</p>
    );
  }
  const anyIgnored = timeline.some((event) => event.ignored);
  return (
    <>
      <div
        className={cn("-mx-5 overflow-x-auto border-t border-slate-100", !anyIgnored && "-mb-5")}
      >
        <table aria-label="Timeline" className="w-full text-left text-sm">
          <THead>
            <tr>
              <TH>Received</TH>
              <TH>Event</TH>
              <TH>Origin</TH>
              <TH>Subject status</TH>
              <TH>Event status</TH>
            </tr>
          </THead>
          <TBody>
            {timeline.map((event) => (
              <TR key={event.id} className={cn("relative", event.ignored && "bg-slate-50/80")}>
                <TD className="whitespace-nowrap text-slate-600">
                  <Time value={event.receivedAt} />{" "}
                  <span className="text-xs text-slate-500">
                    (<Ago value={event.receivedAt} />)
                  </span>
                </TD>
                <TD>
                  <Link
                    href={`/events/${event.id}`}
                    className="font-medium text-slate-900 after:absolute after:inset-0 hover:text-indigo-700"
                  >
                    {event.type}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{event.id}</div>
                </TD>
                <TD>
                  <OriginBadge origin={event.origin} />
                </TD>
                <TD>
                  <span className="flex flex-wrap items-center gap-1.5">
                    {event.subjectStatus ? (
                      <StatusBadge status={event.subjectStatus} />
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                    {event.ignored && (
                      <span title={IGNORED} className="relative z-10 cursor-help">
                        <Badge tone="amber">ignored</Badge>
                        <span className="sr-only">: {IGNORED}</span>
                      </span>
                    )}
                  </span>
                </TD>
                <TD>
                  <StatusBadge status={event.status} />
                  {event.error && (
                    <div
                      className="mt-1 max-w-md truncate text-xs text-red-700"
                      title={event.error}
                    >
                      {event.error}
                    </div>
                  )}
                </TD>
              </TR>
            ))}
          </TBody>
        </table>
      </div>
      {anyIgnored && (
        <p className="mt-3 text-xs text-slate-500">
          <Badge tone="amber">ignored</Badge> {IGNORED}
        </p>
      )}
    </>
  );
}
