"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/**
 * What the signed-in caller may do with a tenant's endpoints, mirroring the server's grants
 * (src/domain/access/principal.ts): the console hides what the server would refuse anyway.
 */
export function useEndpointAccess() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions({}));
  const platformRole = me.data?.platformRole ?? null;
  const tenants = me.data?.tenants ?? [];
  const roleIn = (tenantId: string) => tenants.find((tenant) => tenant.id === tenantId)?.role;
  const mayConfigure = (tenantId: string) =>
    platformRole === "admin" || platformRole === "operator" || roleIn(tenantId) === "owner";
  const mayRetry = (tenantId: string) => mayConfigure(tenantId) || roleIn(tenantId) === "member";
  return {
    isPending: me.isPending,
    tenants,
    tenantName: (tenantId: string) =>
      tenants.find((tenant) => tenant.id === tenantId)?.name ?? tenantId,
    mayConfigure,
    mayRetry,
    /** Tenants where the caller may add an endpoint. */
    configurableTenants: tenants.filter((tenant) => mayConfigure(tenant.id)),
  };
}

/** Retries a failed read, but not a "not found": that answer will not change. */
export function retryUnlessMissing(failures: number, error: { data?: { code?: string } | null }) {
  return error.data?.code !== "NOT_FOUND" && failures < 3;
}
