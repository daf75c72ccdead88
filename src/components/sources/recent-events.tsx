"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";

export const RECENT_EVENTS = 10;

/** The source's newest events, refreshed every few seconds: a webhook shows up by itself. */
export function RecentEvents({
  sourceId,
  showSubject,
}: {
  sourceId: string;
  /** The source reads a subject: show the column. */
  showSubject: boolean;
}) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.events.list.queryOptions({ sourceId, limit: RECENT_EVENTS }),
    refetchInterval: 3_000,
  });
  if (events.isPending) return <TableSkeleton rows={4} />;
  if (!events.data) return <QueryState isPending={false} error={events.error} />;
  if (events.data.items.length === 0) {
    return (
      <EmptyState title="No events yet">
        Run the curl example, press <strong>Send a sample</strong>, or point the provider at the
        ingest URL. Events appear here as they arrive.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-2">
      <Table aria-label="Recent events">
        <THead>
          <tr>
            <TH>Event</TH>
            <TH>Type</TH>
            {showSubject && <TH>Subject</TH>}
            <TH>Status</TH>
            <TH>Received</TH>
            <TH>Error</TH>
          </tr>
        </THead>
        <TBody>
          {events.data.items.map((event) => (
            <TR key={event.id}>
              <TD>
                <Link
                  href={`/events/${event.id}`}
                  className="font-mono text-xs text-indigo-700 hover:underline"
                >
                  {event.id}
                </Link>
              </TD>
              <TD className="font-mono text-xs">{event.type}</TD>
              {showSubject && (
                <TD className="max-w-[14rem] truncate font-mono text-xs text-slate-600">
                  {event.subject ?? "—"}
                </TD>
              )}
              <TD>
                <StatusBadge status={event.status} />
              </TD>
              <TD className="whitespace-nowrap text-slate-500">
                <Ago value={event.receivedAt} />
              </TD>
              <TD className="max-w-[18rem] truncate text-xs text-red-700" title={event.error ?? ""}>
                {event.error ?? ""}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <div className="text-right text-sm">
        <Link href={`/events?sourceId=${sourceId}`} className="text-indigo-700 hover:underline">
          All events of this source
        </Link>
      </div>
    </div>
  );
}
