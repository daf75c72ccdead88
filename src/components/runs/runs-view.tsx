"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { retryUnlessRefused } from "@/components/deliveries/list-input";
import { Pager } from "@/components/list/pager";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { StatusBadge } from "@/components/ui/badge";
import { Duration } from "@/components/ui/duration";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";
import { runFilterKeys, runStatuses, runsInput } from "./list-input";
import { RunsRefused } from "./runs-refused";

const live = new Set(["queued", "running", "waiting"]);

/** The embedded runner's runs, newest first, like the Inngest Dev Server's list. */
export function RunsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const { values: filters, cursor, set } = useUrlFilters(runFilterKeys);
  const runs = useQuery({
    ...trpc.runs.list.queryOptions(runsInput(filters, cursor)),
    retry: retryUnlessRefused,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => live.has(run.status)) ? 3_000 : 15_000,
  });
  const functions = useQuery({
    ...trpc.runs.functions.queryOptions({}),
    retry: retryUnlessRefused,
  });

  const header = (
    <PageHeader
      title="Runs"
      description="Background work of the embedded job runner: every run's steps, attempts, errors and timings."
    />
  );
  if (runs.error?.data?.code === "FORBIDDEN") {
    return (
      <>
        {header}
        <RunsRefused />
      </>
    );
  }
  if (runs.data?.runner === "inngest") {
    return (
      <>
        {header}
        <EmptyState title="Runs are in Inngest's dashboard">
          Switchyard hands its background work to Inngest (its keys are set), so runs, steps and
          retries are shown in Inngest's own dashboard, not here.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <form
        aria-label="Filters"
        className="mb-4 flex flex-wrap items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        onSubmit={(event) => event.preventDefault()}
      >
        <SelectField
          label="Function"
          className="w-72"
          value={filters.functionId ?? ""}
          onChange={(event) => set({ functionId: event.target.value })}
        >
          <option value="">All functions</option>
          {filters.functionId && !functions.data?.items.includes(filters.functionId) && (
            <option value={filters.functionId}>{filters.functionId}</option>
          )}
          {functions.data?.items.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          className="w-44"
          value={filters.status ?? ""}
          onChange={(event) => set({ status: event.target.value })}
        >
          <option value="">All statuses</option>
          {runStatuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </SelectField>
      </form>
      {runs.isPending ? (
        <TableSkeleton rows={8} />
      ) : !runs.data ? (
        <QueryState isPending={false} error={runs.error} />
      ) : runs.data.items.length === 0 ? (
        <EmptyState title={filters.functionId || filters.status ? "No runs match" : "No runs yet"}>
          {filters.functionId || filters.status
            ? "Clear the filters to see every run."
            : "Runs appear here as soon as an event is processed or a delivery is sent."}
        </EmptyState>
      ) : (
        <Table aria-label="Runs" className={runs.isPlaceholderData ? "opacity-60" : undefined}>
          <THead>
            <tr>
              <TH>Run</TH>
              <TH>Function</TH>
              <TH>Status</TH>
              <TH className="text-right">Attempts</TH>
              <TH className="text-right">Steps</TH>
              <TH>Started</TH>
              <TH>Ended</TH>
              <TH className="text-right">Duration</TH>
            </tr>
          </THead>
          <TBody>
            {runs.data.items.map((run) => (
              <TR
                key={run.id}
                className="cursor-pointer"
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest("a")) return;
                  router.push(`/runs/${run.id}`);
                }}
              >
                <TD>
                  <Link
                    href={`/runs/${run.id}`}
                    className="relative inline-block whitespace-nowrap font-mono text-xs text-indigo-700 hover:underline"
                    title={run.id}
                    prefetch={false}
                  >
                    <span className="sr-only">Run </span>
                    {run.id.slice(0, 4)}…{run.id.slice(-8)}
                  </Link>
                </TD>
                <TD className="whitespace-nowrap font-mono text-xs">
                  {run.functionId}
                  {run.eventName && (
                    <div className="text-slate-500" title="Triggering event">
                      {run.eventName}
                    </div>
                  )}
                </TD>
                <TD>
                  <StatusBadge status={run.status} />
                </TD>
                <TD className="text-right tabular-nums">{run.attempts}</TD>
                <TD className="text-right tabular-nums">{run.stepCount}</TD>
                <TD className="whitespace-nowrap text-slate-600">
                  {run.startedAt ? <Ago value={run.startedAt} /> : "—"}
                </TD>
                <TD className="whitespace-nowrap text-slate-600">
                  {run.endedAt ? <Ago value={run.endedAt} /> : "—"}
                </TD>
                <TD className="text-right">
                  <Duration ms={run.durationMs} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Pager
        cursor={cursor}
        nextCursor={runs.data?.nextCursor}
        onPage={(next) => set({ cursor: next })}
      />
    </>
  );
}
