"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Pager } from "@/components/list/pager";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago, Time } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/react";
import { type EventFilterValues, EventsFilters } from "./events-filters";
import { FirstWebhook } from "./first-webhook";
import { subjectHref } from "./links";
import { eventFilterKeys, inputFromQuery } from "./list-input";
import { LiveToggle } from "./live-toggle";
import { retryUnlessRefused } from "./retry";
import { useFilterChoices } from "./use-filter-choices";
import { useFreshIds } from "./use-fresh-ids";

type ListInput = inferRouterInputs<AppRouter>["events"]["list"];

/** How often the first page asks for new events while the tab is visible. */
export const LIVE_INTERVAL_MS = 4_000;

/**
 * Events, newest first, filtered from the query string, in keyset pages. The first page is
 * live: it is fetched again every few seconds while the tab is visible, and new rows light up.
 */
export function EventsTable() {
  const trpc = useTRPC();
  const { values, cursor, set } = useUrlFilters(eventFilterKeys);
  const input = inputFromQuery(useSearchParams(), eventFilterKeys) as ListInput;
  const [live, setLive] = useState(true);
  const events = useQuery({
    ...trpc.events.list.queryOptions(input),
    refetchInterval: live && !cursor ? LIVE_INTERVAL_MS : false,
    retry: retryUnlessRefused,
  });
  const choices = useFilterChoices();
  const fresh = useFreshIds(events.data?.items.map((event) => event.id));
  const filtered = Object.values(values).some(Boolean);

  const apply = (next: EventFilterValues) =>
    set(Object.fromEntries(eventFilterKeys.map((key) => [key, next[key]])));

  return (
    <>
      <EventsFilters values={values} onApply={apply} />
      <div className="mb-2 flex items-center justify-between text-sm text-slate-500">
        <span aria-live="polite">
          {events.data && countLine(events.data.items.length, Boolean(events.data.nextCursor))}
        </span>
        <LiveToggle
          live={live}
          onFirstPage={!cursor}
          onChange={setLive}
          fetching={events.isFetching}
        />
      </div>
      {events.isPending ? (
        <TableSkeleton rows={8} />
      ) : !events.data ? (
        events.error?.data?.code === "BAD_REQUEST" ? (
          <EmptyState title="These filters are not valid">
            {events.error.message}.{" "}
            <button
              type="button"
              className="font-medium text-indigo-600 underline"
              onClick={() => apply({})}
            >
              Clear the filters
            </button>
          </EmptyState>
        ) : (
          <QueryState isPending={false} error={events.error} />
        )
      ) : events.data.items.length === 0 ? (
        filtered || cursor ? (
          <EmptyState title="No events match these filters">
            Widen the time range or{" "}
            <button
              type="button"
              className="font-medium text-indigo-600 underline"
              onClick={() => apply({})}
            >
              clear the filters
            </button>
            .
          </EmptyState>
        ) : (
          <FirstWebhook />
        )
      ) : (
        <Table aria-label="Events">
          <THead>
            <tr>
              <TH>Received</TH>
              <TH>Type</TH>
              <TH>Status</TH>
              <TH>Subject</TH>
              <TH>Source</TH>
              <TH>Tenant</TH>
            </tr>
          </THead>
          <TBody>
            {events.data.items.map((event) => (
              <TR
                key={event.id}
                className={cn(
                  "relative",
                  fresh.has(event.id) && "animate-[pulse_1s_ease-out_2] bg-indigo-50/70",
                )}
              >
                <TD className="whitespace-nowrap text-slate-600">
                  <Time value={event.receivedAt} />
                  <div className="text-xs text-slate-500">
                    <Ago value={event.receivedAt} />
                  </div>
                </TD>
                <TD>
                  {/* The row's link: it covers the whole row, and opens in a new tab like any link. */}
                  <Link
                    href={`/events/${event.id}`}
                    className="font-medium text-slate-900 after:absolute after:inset-0 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {event.type}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{event.id}</div>
                </TD>
                <TD>
                  <StatusBadge status={event.status} />
                  {event.origin !== "inbound" && (
                    <span className="ml-2 text-xs text-slate-500">{event.origin}</span>
                  )}
                </TD>
                <TD className="max-w-48 truncate">
                  {event.subject ? (
                    <Link
                      href={subjectHref(event.subject, event.tenantId)}
                      className="relative z-10 font-mono text-xs text-indigo-700 hover:underline"
                    >
                      {event.subject}
                    </Link>
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </TD>
                <TD className="text-slate-600">
                  {choices.sourceName(event.sourceId) ?? (
                    <span className="text-slate-500">API</span>
                  )}
                </TD>
                <TD className="text-slate-600">{choices.tenantName(event.tenantId)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Pager
        cursor={cursor}
        nextCursor={events.data?.nextCursor}
        onPage={(next) => set({ cursor: next })}
      />
    </>
  );
}

function countLine(shown: number, more: boolean): string {
  const events = `${shown} ${shown === 1 ? "event" : "events"}`;
  return more ? `${events} on this page; more on the next` : events;
}
