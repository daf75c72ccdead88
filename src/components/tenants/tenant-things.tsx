"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { schemeLabels } from "@/components/sources/scheme";
import { StatusBadge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/link-button";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";

const empty =
  "rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500";

/** The tenant's sources, each with its events of the last 24 hours. */
export function TenantSources({ tenantId, canCreate }: { tenantId: string; canCreate: boolean }) {
  const trpc = useTRPC();
  const sources = useQuery(trpc.sources.list.queryOptions({ tenantId }));
  const activity = useQuery(trpc.sources.activity.queryOptions({ tenantId }));
  const activityOf = new Map(activity.data?.items.map((a) => [a.sourceId, a]));
  if (sources.isPending) return <TableSkeleton rows={2} />;
  if (!sources.data) return <QueryState isPending={false} error={sources.error} />;
  if (sources.data.items.length === 0) {
    return (
      <div className={empty}>
        <p>No sources yet: a source is where a provider posts this tenant's webhooks.</p>
        {canCreate && (
          <LinkButton href={`/sources/new?tenantId=${tenantId}`} className="mt-3">
            New source
          </LinkButton>
        )}
      </div>
    );
  }
  return (
    <table className="w-full text-left text-sm" aria-label="Sources of this tenant">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-2 font-medium">Name</th>
          <th className="py-2 font-medium">Verification</th>
          <th className="py-2 font-medium">Status</th>
          <th className="py-2 text-right font-medium">Events (24 h)</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {sources.data.items.map((source) => (
          <tr key={source.id}>
            <td className="py-2">
              <Link
                href={`/sources/${source.id}`}
                className="font-medium text-indigo-700 hover:underline"
              >
                {source.name}
              </Link>
              <div className="font-mono text-xs text-slate-500">{source.slug}</div>
            </td>
            <td className="py-2">{schemeLabels[source.verification.scheme]}</td>
            <td className="py-2">
              <StatusBadge status={source.enabled ? "enabled" : "disabled"} />
            </td>
            <td className="py-2 text-right tabular-nums">
              {activityOf.get(source.id)?.eventsLast24h.toLocaleString() ?? "…"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The tenant's endpoints: where its events are delivered. */
export function TenantEndpoints({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.endpoints.list.queryOptions({ tenantId }));
  if (endpoints.isPending) return <TableSkeleton rows={2} />;
  if (!endpoints.data) return <QueryState isPending={false} error={endpoints.error} />;
  if (endpoints.data.items.length === 0) {
    return (
      <div className={empty}>
        No endpoints yet: an endpoint is a URL of the tenant's that receives its events. Create one
        on the{" "}
        <Link href="/endpoints" className="text-indigo-700 hover:underline">
          Endpoints
        </Link>{" "}
        page.
      </div>
    );
  }
  return (
    <table className="w-full table-fixed text-left text-sm" aria-label="Endpoints of this tenant">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="w-1/2 py-2 font-medium">URL</th>
          <th className="py-2 font-medium">Event types</th>
          <th className="w-24 py-2 font-medium">Status</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {endpoints.data.items.map((endpoint) => (
          <tr key={endpoint.id}>
            <td className="py-2 pr-2">
              <Link
                href={`/endpoints/${endpoint.id}`}
                className="block truncate font-mono text-xs text-indigo-700 hover:underline"
                title={endpoint.url}
              >
                {endpoint.url}
              </Link>
              {endpoint.description && (
                <div className="truncate text-xs text-slate-500">{endpoint.description}</div>
              )}
            </td>
            <td className="truncate py-2 font-mono text-xs">{endpoint.eventTypes.join(", ")}</td>
            <td className="py-2">
              <StatusBadge status={endpoint.enabled ? "enabled" : "disabled"} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
