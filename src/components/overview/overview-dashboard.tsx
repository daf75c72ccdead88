"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { FailingEndpoints } from "./failing-endpoints";
import { overviewInput } from "./filters";
import { formatCount } from "./format";
import { StatTiles, StatTilesSkeleton } from "./stat-tiles";
import { TrafficCharts, TrafficChartsSkeleton } from "./traffic-charts";
import type { Overview } from "./types";

const keys = ["window", "tenantId"] as const;

/** The overview of the window and tenant in the query string, refreshed every 30 seconds. */
export function OverviewDashboard() {
  const trpc = useTRPC();
  const { values } = useUrlFilters(keys);
  const overview = useQuery({
    ...trpc.stats.overview.queryOptions(overviewInput(values)),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const data = overview.data;
  if (!data) {
    if (overview.error) return <QueryState isPending={false} error={overview.error} />;
    return (
      <div role="status" aria-label="Loading" className="space-y-6">
        <StatTilesSkeleton />
        <TrafficChartsSkeleton />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  return (
    <div className="space-y-6" aria-busy={overview.isPlaceholderData}>
      {overview.error && <QueryState isPending={false} error={overview.error} />}
      <StatTiles data={data} />
      <TrafficCharts data={data} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_12rem]">
        <FailingEndpoints data={data} />
        <Configuration data={data} />
      </div>
    </div>
  );
}

/** What is set up: the counts the first journey checks (region "Configuration"). */
function Configuration({ data }: { data: Overview }) {
  const items = [
    { label: "Tenants", value: data.tenants },
    { label: "Sources", value: data.sources },
    { label: "Endpoints", value: data.endpoints },
  ];
  return (
    <section
      aria-label="Configuration"
      className="self-start rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="mb-2 text-sm font-medium text-slate-500">Configuration</h2>
      <ul className="space-y-1">
        {items.map((item) => (
          <li key={item.label} className="flex items-baseline gap-2">
            <span className="min-w-8 text-xl font-semibold tabular-nums">
              {formatCount(item.value)}
            </span>
            <span className="text-sm text-slate-600">{item.label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
