"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/trpc/react";

/** The caller's tenants and sources: the filters' options, and names for ids in tables. */
export function useFilterChoices() {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.events.filterChoices.queryOptions(), staleTime: 60_000 });
  return useMemo(() => {
    const tenants = data?.tenants ?? [];
    const sources = data?.sources ?? [];
    const tenantNames = new Map(tenants.map((tenant) => [tenant.id, tenant.name]));
    const sourceNames = new Map(sources.map((source) => [source.id, source.name]));
    return {
      tenants,
      sources,
      tenantName: (id: string) => tenantNames.get(id) ?? id,
      sourceName: (id: string | null) => (id ? (sourceNames.get(id) ?? id) : null),
    };
  }, [data]);
}
