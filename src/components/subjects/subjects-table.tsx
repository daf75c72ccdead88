"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { subjectHref } from "@/components/events/links";
import { inputFromQuery } from "@/components/events/list-input";
import { retryUnlessRefused } from "@/components/events/retry";
import { useFilterChoices } from "@/components/events/use-filter-choices";
import { Pager } from "@/components/list/pager";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago, Time } from "@/components/ui/time";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/react";
import { type SubjectFilterValues, subjectFilterKeys } from "./list-input";
import { SubjectProgress } from "./subject-progress";
import { SubjectOpenness, UpdatedBy } from "./subject-state";
import { SubjectsFilters } from "./subjects-filters";

type ListInput = inferRouterInputs<AppRouter>["subjects"]["list"];

/**
 * Subjects with their state (status, open or terminal, progress, what last moved it), most
 * recently active first, filtered from the query string, in keyset pages.
 */
export function SubjectsTable() {
  const trpc = useTRPC();
  const { values, cursor, set } = useUrlFilters(subjectFilterKeys);
  const input = inputFromQuery(useSearchParams(), subjectFilterKeys) as ListInput;
  const subjects = useQuery({
    ...trpc.subjects.list.queryOptions(input),
    retry: retryUnlessRefused,
  });
  const choices = useFilterChoices();
  // The tenant goes under the source, and only when there are tenants to tell apart.
  const manyTenants = choices.tenants.length > 1;
  const apply = (next: SubjectFilterValues) =>
    set(Object.fromEntries(subjectFilterKeys.map((key) => [key, next[key]])));

  return (
    <>
      <SubjectsFilters values={values} onApply={apply} />
      {subjects.isPending ? (
        <TableSkeleton rows={8} />
      ) : !subjects.data ? (
        <QueryState isPending={false} error={subjects.error} />
      ) : subjects.data.items.length === 0 ? (
        Object.values(values).some(Boolean) || cursor ? (
          <EmptyState title="No subjects match these filters">
            <button
              type="button"
              className="font-medium text-indigo-600 underline"
              onClick={() => apply({})}
            >
              Clear the filters
            </button>{" "}
            to see every subject.
          </EmptyState>
        ) : (
          <EmptyState title="No subjects yet">
            A subject is what events are about: a call, a job, an order. Give a source a subject
            rule (<code>{'"subject": {"from": "path", "path": "message.call.id"}'}</code>), or
            publish with <code>subject</code>, and its events gather here into a timeline; a
            source's tracking rule adds its status, progress and result.
          </EmptyState>
        )
      ) : (
        <Table aria-label="Subjects">
          <THead>
            <tr>
              <TH>Key</TH>
              <TH>Status</TH>
              <TH>State</TH>
              <TH>Progress</TH>
              <TH>Updated by</TH>
              <TH className="text-right">Events</TH>
              <TH>Last event</TH>
              <TH>{manyTenants ? "Source · tenant" : "Source"}</TH>
            </tr>
          </THead>
          <TBody>
            {subjects.data.items.map((subject) => (
              <TR key={subject.id} className="relative">
                <TD className="max-w-56 truncate">
                  <Link
                    href={subjectHref(subject.key, subject.tenantId)}
                    className="font-mono text-sm font-medium text-slate-900 after:absolute after:inset-0 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {subject.key}
                  </Link>
                </TD>
                <TD>
                  {subject.status ? (
                    <StatusBadge status={subject.status} />
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </TD>
                <TD>
                  <SubjectOpenness
                    terminal={subject.terminal}
                    terminalAt={subject.terminalAt}
                    status={subject.status}
                    withTime={false}
                  />
                </TD>
                <TD>
                  <SubjectProgress value={subject.progress} compact />
                </TD>
                <TD>
                  <UpdatedBy by={subject.updatedBy} />
                </TD>
                <TD className="text-right tabular-nums">{subject.eventCount}</TD>
                <TD className="whitespace-nowrap text-slate-600">
                  <Time value={subject.lastEventAt} />
                  <div className="text-xs text-slate-500">
                    <Ago value={subject.lastEventAt} />
                  </div>
                </TD>
                {/* One line per row: a long source name is cut, not wrapped into a tall row. */}
                <TD className="max-w-48 truncate text-slate-600">
                  {choices.sourceName(subject.sourceId) ?? (
                    <span className="text-slate-500">API</span>
                  )}
                  {manyTenants && (
                    <div className="text-xs text-slate-500">
                      {choices.tenantName(subject.tenantId)}
                    </div>
                  )}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Pager
        cursor={cursor}
        nextCursor={subjects.data?.nextCursor}
        onPage={(next) => set({ cursor: next })}
      />
    </>
  );
}
