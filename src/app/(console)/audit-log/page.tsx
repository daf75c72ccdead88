"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";

export default function AuditLogPage() {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.auditLog.list.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, newest first." />
      <QueryState isPending={log.isPending} error={log.error} />
      {log.data && (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">When</th>
                <th className="px-4 py-2">Who</th>
                <th className="px-4 py-2">Action</th>
                <th className="px-4 py-2">Target</th>
                <th className="px-4 py-2">Tenant</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-500">
                    {entry.at.toLocaleString()}
                  </td>
                  <td className="px-4 py-2">
                    {entry.actor.label}{" "}
                    <span className="text-xs text-slate-500">({entry.actor.type})</span>
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.target.id}</td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.tenantId ?? "—"}</td>
                </tr>
              ))}
              {entries.length === 0 && (
                <tr>
                  <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                    Nothing has changed yet. Creating a source or an endpoint will show here.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <Button variant="secondary" className="mt-4" onClick={() => log.fetchNextPage()}>
          Load more
        </Button>
      )}
    </>
  );
}
