"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";

export default function TenantsPage() {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.tenants.list.queryOptions({}));
  return (
    <>
      <PageHeader title="Tenants" description="Customer organisations and what each one owns." />
      <QueryState isPending={tenants.isPending} error={tenants.error} />
      {tenants.data && (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">Slug</th>
                <th className="px-4 py-2 text-right">Sources</th>
                <th className="px-4 py-2 text-right">Endpoints</th>
                <th className="px-4 py-2 text-right">Events</th>
                <th className="px-4 py-2">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tenants.data.items.map((tenant) => (
                <tr key={tenant.id}>
                  <td className="px-4 py-2 font-medium">{tenant.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">{tenant.slug}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{tenant.counts.sources}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{tenant.counts.endpoints}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{tenant.counts.events}</td>
                  <td className="px-4 py-2 text-slate-500">{tenant.createdAt.toLocaleString()}</td>
                </tr>
              ))}
              {tenants.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                    No tenants yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
