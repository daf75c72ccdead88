"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { useTRPC } from "@/trpc/react";
import { DEFAULT_WINDOW, overviewInput, windows } from "./filters";

const keys = ["window", "tenantId"] as const;

/** The overview's window and tenant, kept in the query string so a view is a link to share. */
export function OverviewFilters() {
  const trpc = useTRPC();
  const filters = useUrlFilters(keys);
  const input = overviewInput(filters.values);
  // The tenants to pick from come with the overview itself (the same cached query).
  const overview = useQuery(trpc.stats.overview.queryOptions(input));
  const choices = overview.data?.tenantChoices ?? [];
  const tenantSelect = useId();
  return (
    <div className="flex flex-wrap items-center gap-3">
      {choices.length > 1 && (
        <div className="flex items-center gap-2">
          <label htmlFor={tenantSelect} className="text-sm font-medium text-slate-600">
            Tenant
          </label>
          <select
            id={tenantSelect}
            value={input.tenantId ?? ""}
            onChange={(e) => filters.set({ tenantId: e.target.value })}
            className="rounded-md border border-slate-300 bg-white py-1.5 pr-8 pl-3 text-sm shadow-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none"
          >
            <option value="">All tenants</option>
            {choices.map((tenant) => (
              <option key={tenant.id} value={tenant.id}>
                {tenant.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {choices.length === 1 && (
        // One tenant to see: its name, nothing to pick.
        <span
          title="The tenant you see"
          className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-200"
        >
          {choices[0]?.name}
        </span>
      )}
      <SegmentedControl
        label="Window"
        value={input.window}
        options={windows}
        onValueChange={(window) =>
          filters.set({ window: window === DEFAULT_WINDOW ? undefined : window })
        }
      />
    </div>
  );
}
