"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { DetailSkeleton } from "@/components/events/detail-skeleton";
import { Panel } from "@/components/events/panel";
import { retryUnlessRefused } from "@/components/events/retry";
import { useFilterChoices } from "@/components/events/use-filter-choices";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago, Time } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";
import { SubjectNotFound } from "./subject-not-found";

/** One subject: its state when tracked, and its timeline, each event linking to its page. */
export function SubjectDetail({ subjectKey, tenantId }: { subjectKey: string; tenantId?: string }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.subjects.get.queryOptions({ key: subjectKey, tenantId }),
    refetchInterval: 5_000,
    retry: retryUnlessRefused,
  });
  const choices = useFilterChoices();

  if (query.isPending) return <DetailSkeleton />;
  if (!query.data) {
    if (query.error?.data?.code === "NOT_FOUND") {
      return <SubjectNotFound subjectKey={subjectKey} />;
    }
    return <QueryState isPending={false} error={query.error} />;
  }
  const subject = query.data;
  const eventsHref = `/events?subject=${encodeURIComponent(subject.key)}&tenantId=${encodeURIComponent(subject.tenantId)}`;
  return (
    <>
      <PageHeader
        title={<span className="font-mono">{subject.key}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Link href="/subjects" className="text-indigo-700 hover:underline">
              Subjects
            </Link>
            <span aria-hidden>/</span>
            <span>{choices.tenantName(subject.tenantId)}</span>
            {subject.sourceId && (
              <>
                <span aria-hidden>·</span>
                <span>{choices.sourceName(subject.sourceId)}</span>
              </>
            )}
          </span>
        }
        actions={
          <Link
            href={eventsHref}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Its events in the list
          </Link>
        }
      />
      <div className="space-y-4">
        <section
          aria-label="Summary"
          className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm md:grid-cols-4"
        >
          <Fact label="Status">
            {subject.status ? <StatusBadge status={subject.status} /> : "Not tracked"}
          </Fact>
          <Fact label="Events">{subject.timeline.length}</Fact>
          <Fact label="Last event">
            <Time value={subject.lastEventAt} />
          </Fact>
          <Fact label="First seen">
            <Time value={subject.createdAt} />
          </Fact>
        </section>
        {subject.result != null && (
          <div>
            <h2 className="mb-2 text-sm font-semibold text-slate-700">Result</h2>
            <JsonView label="Result" value={subject.result} />
          </div>
        )}
        <Panel title="Timeline">
          {subject.timeline.length === 0 ? (
            <p className="text-sm text-slate-500">
              Registered, but no event has arrived about it yet.
            </p>
          ) : (
            <div className="-mx-5 -mb-5 overflow-x-auto border-t border-slate-100">
              <table aria-label="Timeline" className="w-full text-left text-sm">
                <THead>
                  <tr>
                    <TH>Received</TH>
                    <TH>Type</TH>
                    <TH>Origin</TH>
                    <TH>Status</TH>
                  </tr>
                </THead>
                <TBody>
                  {subject.timeline.map((event) => (
                    <TR key={event.id} className="relative">
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
                        <Badge tone={event.origin === "inbound" ? "gray" : "blue"}>
                          {event.origin}
                        </Badge>
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
          )}
        </Panel>
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-sm text-slate-800">{children}</div>
    </div>
  );
}
