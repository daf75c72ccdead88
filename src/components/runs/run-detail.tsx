"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { retryUnlessRefused } from "@/components/deliveries/list-input";
import { StatusBadge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Duration } from "@/components/ui/duration";
import { EmptyState } from "@/components/ui/empty-state";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Time } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import { useTRPC } from "@/trpc/react";
import { RunError } from "./run-error";
import { RunsRefused } from "./runs-refused";
import { StepsTimeline } from "./steps-timeline";

/** One run, like the Inngest Dev Server's run view: its steps in order, its event, its outcome. */
export function RunDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ id }),
    retry: retryUnlessRefused,
    refetchInterval: (query) => (query.state.data && !query.state.data.endedAt ? 1_000 : false),
  });

  if (run.isPending) return <RunSkeleton />;
  if (!run.data) {
    const code = run.error?.data?.code;
    return (
      <>
        <PageHeader title="Run" />
        {code === "FORBIDDEN" ? (
          <RunsRefused />
        ) : code === "NOT_FOUND" ? (
          <EmptyState title="No such run">
            Finished runs may have been cleaned up. <Link href="/runs">Back to the runs</Link>
          </EmptyState>
        ) : (
          <QueryState isPending={false} error={run.error} />
        )}
      </>
    );
  }
  const r = run.data;
  const related = relatedLink(r.event);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/runs" className="hover:text-indigo-700 hover:underline">
          Runs
        </Link>{" "}
        / <span className="font-mono">{r.id}</span>
      </nav>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <span className="font-mono text-xl">{r.functionId}</span>
            <StatusBadge status={r.status} className="text-sm" />
          </span>
        }
        description={
          <span className="flex items-center gap-2">
            <span className="font-mono">{r.id}</span>
            <CopyButton text={r.id} label="Copy run ID" />
          </span>
        }
      />
      <section
        aria-label="Summary"
        className="mb-6 grid gap-x-8 gap-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
      >
        <Fact label="Event" className="sm:col-span-2">
          <span className="font-mono">{r.eventName ?? "—"}</span>
          {related && (
            <Link href={related.href} className="block text-xs text-indigo-700 hover:underline">
              {related.label}
            </Link>
          )}
        </Fact>
        <Fact label="Started">
          <Time value={r.startedAt ?? r.createdAt} />
        </Fact>
        <Fact label="Ended">
          <Time value={r.endedAt} />
        </Fact>
        <Fact label="Duration">
          <Duration ms={r.durationMs} />
        </Fact>
        <Fact label="Attempts">
          <span className="tabular-nums">
            {r.attempts} <span className="text-slate-500">of at most {r.maxAttempts} per step</span>
          </span>
        </Fact>
        <Fact label="Steps">
          <span className="tabular-nums">{r.steps.length}</span>
        </Fact>
        <Fact label="Next call">
          {r.nextAt ? <Time value={r.nextAt} /> : <span className="text-slate-500">None</span>}
        </Fact>
      </section>
      {r.error && (
        <div className="mb-6">
          <RunError error={r.error} title={r.endedAt ? "The run failed" : "The last call failed"} />
        </div>
      )}
      <h2 className="mb-3 text-lg font-semibold">Steps</h2>
      <StepsTimeline run={r} />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <div className="min-w-0">
          {r.events ? (
            <>
              <h2 className="mb-3 text-lg font-semibold">
                Triggering events{" "}
                <span className="text-slate-500">({r.events.length}, a batch)</span>
              </h2>
              <JsonView value={r.events} label="Triggering events" />
            </>
          ) : (
            <>
              <h2 className="mb-3 text-lg font-semibold">Triggering event</h2>
              <JsonView value={r.event} label="Triggering event" />
            </>
          )}
        </div>
        <div className="min-w-0">
          <h2 className="mb-3 text-lg font-semibold">Output</h2>
          {r.status === "completed" ? (
            <JsonView value={r.output ?? null} label="Run output" />
          ) : (
            <p className="text-sm text-slate-500">
              {r.endedAt ? "No output: the run did not complete." : "Not finished yet."}
            </p>
          )}
        </div>
      </div>
    </>
  );
}

/** The delivery or event a run works on, when its event names one. */
function relatedLink(event: unknown): { href: string; label: string } | null {
  const data = (event as { data?: Record<string, unknown> } | null)?.data;
  if (typeof data?.deliveryId === "string") {
    return { href: `/deliveries/${data.deliveryId}`, label: `Delivery ${data.deliveryId}` };
  }
  if (typeof data?.eventId === "string") {
    return { href: `/events/${data.eventId}`, label: `Event ${data.eventId}` };
  }
  return null;
}

function Fact({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("min-w-0", className)}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-sm text-slate-800 [overflow-wrap:anywhere]">{children}</div>
    </div>
  );
}

export function RunSkeleton() {
  return (
    <div>
      <Skeleton className="mb-2 h-4 w-64" />
      <Skeleton className="mb-6 h-8 w-80" />
      <Skeleton className="mb-6 h-24 w-full" />
      <TableSkeleton rows={4} />
    </div>
  );
}
