"use client";

import { useQuery } from "@tanstack/react-query";
import { Pager } from "@/components/list/pager";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ChoiceSelect } from "@/components/ui/field";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";

const filterKeys = ["tenantId"] as const;

/** Who changed what, newest first, for the tenants the reader may see. */
export function AuditLogTable() {
  const trpc = useTRPC();
  const { values, cursor, set } = useUrlFilters(filterKeys);
  const tenants = useQuery(trpc.tenants.list.queryOptions({}));
  const log = useQuery(
    trpc.auditLog.list.queryOptions({ tenantId: values.tenantId, cursor, limit: 50 }),
  );
  const tenantName = new Map(tenants.data?.items.map((t) => [t.id, t.name]));

  return (
    <div className="space-y-4">
      {(tenants.data?.items.length ?? 0) > 1 && (
        <ChoiceSelect
          label="Tenant"
          className="max-w-xs"
          value={values.tenantId ?? ""}
          onChange={(event) => set({ tenantId: event.target.value })}
          all="All tenants"
          choices={tenants.data?.items ?? []}
        />
      )}
      {log.isPending ? (
        <TableSkeleton />
      ) : !log.data ? (
        <QueryState isPending={false} error={log.error} />
      ) : log.data.items.length === 0 ? (
        <EmptyState title="Nothing has changed yet">
          Creating a source or an endpoint, a retry or a replay will show here, with who did it.
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>When</TH>
              <TH>Who</TH>
              <TH>Action</TH>
              <TH>Target</TH>
              <TH>Tenant</TH>
            </tr>
          </THead>
          <TBody>
            {log.data.items.map((entry) => (
              <TR key={entry.id}>
                <TD className="whitespace-nowrap text-slate-500">
                  <Time value={entry.at} />
                </TD>
                <TD>
                  {entry.actor.label} <Badge className="ml-1">{entry.actor.type}</Badge>
                </TD>
                <TD className="font-mono text-xs">{entry.action}</TD>
                <TD className="font-mono text-xs">{entry.target.id}</TD>
                <TD>{entry.tenantId ? (tenantName.get(entry.tenantId) ?? entry.tenantId) : "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Pager
        cursor={cursor}
        nextCursor={log.data?.nextCursor}
        onPage={(next) => set({ cursor: next })}
      />
    </div>
  );
}
