"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DetailSkeleton } from "@/components/events/detail-skeleton";
import { Panel } from "@/components/events/panel";
import { retryUnlessRefused } from "@/components/events/retry";
import { useFilterChoices } from "@/components/events/use-filter-choices";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { cn } from "@/lib/cn";
import { useTRPC } from "@/trpc/react";
import { SubjectNotFound } from "./subject-not-found";
import { hasPolling, SubjectFields, SubjectPolling, SubjectSummary } from "./subject-summary";
import { SubjectTimeline } from "./subject-timeline";

/**
 * One subject: its state (status, terminal, progress, result, error, fields, polling) and its
 * timeline, each event linking to its page.
 */
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
  // The outcome on the left, highlighted when it is an error; what to find it by on the right.
  const outcome = [
    subject.error != null && (
      <Panel key="error" title="Error" className="border-red-300 bg-red-50/60">
        <JsonView label="Error" value={subject.error} className="rounded-md ring-2 ring-red-400" />
      </Panel>
    ),
    subject.result != null && (
      <Panel key="result" title="Result">
        <JsonView label="Result" value={subject.result} />
      </Panel>
    ),
  ].filter(Boolean);
  const side = [
    Object.keys(subject.fields).length > 0 && (
      <Panel key="fields" title="Searchable fields">
        <SubjectFields fields={subject.fields} />
      </Panel>
    ),
    hasPolling(subject) && (
      <Panel key="polling" title="Polling">
        <SubjectPolling subject={subject} />
      </Panel>
    ),
  ].filter(Boolean);
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
        <SubjectSummary subject={subject} />
        {(outcome.length > 0 || side.length > 0) && (
          <div className="grid gap-4 xl:grid-cols-5">
            {outcome.length > 0 && (
              <div
                className={cn("min-w-0 space-y-4", side.length ? "xl:col-span-3" : "xl:col-span-5")}
              >
                {outcome}
              </div>
            )}
            {side.length > 0 && (
              <div
                className={cn(
                  "grid min-w-0 content-start gap-4",
                  outcome.length ? "xl:col-span-2" : "xl:col-span-5 xl:grid-cols-2",
                )}
              >
                {side}
              </div>
            )}
          </div>
        )}
        <Panel title="Timeline">
          <SubjectTimeline timeline={subject.timeline} />
        </Panel>
      </div>
    </>
  );
}
