"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";

export function TenantsTable() {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.tenants.list.queryOptions({}));
  if (tenants.isPending) return <TableSkeleton />;
  if (!tenants.data) return <QueryState isPending={false} error={tenants.error} />;
  if (tenants.data.items.length === 0) {
    return (
      <EmptyState title="No tenants yet">
        Create one with <code>POST /api/v1/tenants</code> and the admin key.
      </EmptyState>
    );
  }
  return (
    <Table>
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Slug</TH>
          <TH className="text-right">Sources</TH>
          <TH className="text-right">Endpoints</TH>
          <TH className="text-right">Events</TH>
          <TH>Created</TH>
        </tr>
      </THead>
      <TBody>
        {tenants.data.items.map((tenant) => (
          <TR key={tenant.id}>
            <TD className="font-medium">
              <Link href={`/tenants/${tenant.id}`} className="text-indigo-700 hover:underline">
                {tenant.name}
              </Link>
            </TD>
            <TD className="font-mono text-xs">{tenant.slug}</TD>
            <TD className="text-right tabular-nums">{tenant.counts.sources}</TD>
            <TD className="text-right tabular-nums">{tenant.counts.endpoints}</TD>
            <TD className="text-right tabular-nums">{tenant.counts.events}</TD>
            <TD className="text-slate-500">
              <Time value={tenant.createdAt} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
