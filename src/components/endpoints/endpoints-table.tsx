"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ChoiceSelect } from "@/components/ui/field";
import { LinkButton } from "@/components/ui/link-button";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { ActivitySparkline, quietActivity, SuccessRate } from "./activity";
import { EventTypes } from "./event-types";
import { useEndpointAccess } from "./use-access";

const filterKeys = ["tenantId"] as const;

/** The list's one filter, from the query string: what the server prefetches too. */
export function useEndpointsFilter() {
  const { values, set } = useUrlFilters(filterKeys);
  return { input: values.tenantId ? { tenantId: values.tenantId } : {}, set };
}

/** The page's main action; it carries the tenant filter, so the form starts on that tenant. */
export function NewEndpointButton() {
  const access = useEndpointAccess();
  const { input } = useEndpointsFilter();
  if (access.configurableTenants.length === 0) return null;
  const query = input.tenantId ? `?tenantId=${encodeURIComponent(input.tenantId)}` : "";
  return <LinkButton href={`/endpoints/new${query}`}>New endpoint</LinkButton>;
}

export function EndpointsTable() {
  const trpc = useTRPC();
  const access = useEndpointAccess();
  const { input, set } = useEndpointsFilter();
  const endpoints = useQuery(trpc.endpoints.list.queryOptions(input));
  const activity = useQuery({
    ...trpc.endpoints.activity.queryOptions(input),
    refetchInterval: 60_000,
  });

  return (
    <div className="space-y-4">
      {access.tenants.length > 1 && (
        <ChoiceSelect
          label="Tenant"
          className="max-w-xs"
          value={input.tenantId ?? ""}
          onChange={(event) => set({ tenantId: event.target.value })}
          all="All tenants"
          choices={access.tenants}
        />
      )}
      {endpoints.isPending ? (
        <TableSkeleton />
      ) : !endpoints.data ? (
        <QueryState isPending={false} error={endpoints.error} />
      ) : endpoints.data.items.length === 0 ? (
        <EmptyState title={input.tenantId ? "No endpoints for this tenant" : "No endpoints yet"}>
          <p>
            An endpoint is a URL of yours that receives this tenant's events, signed and retried
            until it answers 2xx.
          </p>
          {access.configurableTenants.length > 0 ? (
            <p className="mt-3">
              <Link
                href={`/endpoints/new${input.tenantId ? `?tenantId=${input.tenantId}` : ""}`}
                className="font-medium text-indigo-600 hover:underline"
              >
                Add your first endpoint
              </Link>{" "}
              or send <code>POST /api/v1/endpoints</code> with an API key.
            </p>
          ) : (
            <p className="mt-3">Ask an owner of the tenant to add one.</p>
          )}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>URL</TH>
              <TH>Tenant</TH>
              <TH>Event types</TH>
              <TH>Status</TH>
              <TH className="text-right">Success 24 h</TH>
              <TH>Last 24 hours</TH>
            </tr>
          </THead>
          <TBody>
            {endpoints.data.items.map((endpoint) => {
              const since = activity.data?.since ?? new Date();
              const recent =
                activity.data?.items.find((item) => item.endpointId === endpoint.id) ??
                quietActivity(since, endpoint.id);
              const total = recent.succeeded + recent.failed + recent.pending;
              return (
                <TR key={endpoint.id}>
                  <TD className="max-w-[22rem]">
                    <Link
                      href={`/endpoints/${endpoint.id}`}
                      className="block truncate font-mono text-xs font-medium text-indigo-700 hover:underline"
                      title={endpoint.url}
                    >
                      {endpoint.url}
                    </Link>
                    {endpoint.description && (
                      <div className="truncate text-xs text-slate-500" title={endpoint.description}>
                        {endpoint.description}
                      </div>
                    )}
                  </TD>
                  <TD className="whitespace-nowrap">{access.tenantName(endpoint.tenantId)}</TD>
                  <TD>
                    <EventTypes patterns={endpoint.eventTypes} max={3} />
                  </TD>
                  <TD className="max-w-[14rem]">
                    <StatusBadge status={endpoint.enabled ? "enabled" : "disabled"} />
                    {!endpoint.enabled && endpoint.disabledReason && (
                      <div
                        className="mt-0.5 truncate text-xs text-slate-500"
                        title={endpoint.disabledReason}
                      >
                        {endpoint.disabledReason}
                      </div>
                    )}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    {activity.isPending ? (
                      <span className="text-slate-500">…</span>
                    ) : (
                      <>
                        <SuccessRate activity={recent} />
                        <div className="text-xs text-slate-500 tabular-nums">
                          {total === 1 ? "1 delivery" : `${total} deliveries`}
                        </div>
                      </>
                    )}
                  </TD>
                  <TD>
                    <ActivitySparkline activity={recent} />
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}
