import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Fact } from "@/components/ui/facts";
import { Time } from "@/components/ui/time";
import { subjectHref } from "./links";
import type { EventDetail } from "./types";

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Fact label={label} className="truncate">
      {children}
    </Fact>
  );
}

const none = <span className="text-slate-500">—</span>;

/** The event at a glance (its type is the page's title): status, origin, subject, when. */
export function EventSummary({ event }: { event: EventDetail }) {
  return (
    <section
      aria-label="Summary"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
        <Item label="Status">
          <StatusBadge status={event.status} />
        </Item>
        <Item label="Subject">
          {event.subject ? (
            <Link
              href={subjectHref(event.subject, event.tenantId)}
              className="font-mono text-xs text-indigo-700 hover:underline"
            >
              {event.subject}
            </Link>
          ) : (
            none
          )}
        </Item>
        <Item label="Origin">
          <Badge tone={event.origin === "replay" ? "blue" : "gray"}>{event.origin}</Badge>
          {event.replayOfId && (
            <>
              {" "}
              of{" "}
              <Link
                href={`/events/${event.replayOfId}`}
                title={event.replayOfId}
                className="font-mono text-xs text-indigo-700 hover:underline"
              >
                {event.replayOfId}
              </Link>
            </>
          )}
        </Item>
        <Item label="Tenant">{event.tenantName}</Item>
        <Item label="Source">
          {event.source ? (
            <>
              {event.source.name}{" "}
              <span className="font-mono text-xs text-slate-500">{event.source.slug}</span>
            </>
          ) : (
            "Published through the API"
          )}
        </Item>
        <Item label="Verification">
          {event.source ? (
            event.source.verification === "none" ? (
              <span className="text-slate-500">None configured</span>
            ) : (
              <span className="text-emerald-700">Passed · {event.source.verification}</span>
            )
          ) : (
            <span className="text-slate-500">API key</span>
          )}
        </Item>
        <Item label="Received">
          <Time value={event.receivedAt} />
        </Item>
        <Item label="Processed">
          <Time value={event.processedAt} />
        </Item>
        {event.replays.length > 0 && (
          <div className="col-span-full">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Replays</dt>
            <dd className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
              {event.replays.map((replay) => (
                <Link
                  key={replay.id}
                  href={`/events/${replay.id}`}
                  className="font-mono text-xs text-indigo-700 hover:underline"
                >
                  {replay.id}
                </Link>
              ))}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
