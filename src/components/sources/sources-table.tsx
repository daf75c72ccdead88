"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ChoiceSelect } from "@/components/ui/field";
import { LinkButton } from "@/components/ui/link-button";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";
import { schemeLabels } from "./scheme";

const filterKeys = ["tenantId"] as const;

/** Every source the caller may see, filtered by tenant in the query string. */
export function SourcesTable({ canCreate }: { canCreate: boolean }) {
  const trpc = useTRPC();
  const { values, set } = useUrlFilters(filterKeys);
  const input = { tenantId: values.tenantId };
  const sources = useQuery(trpc.sources.list.queryOptions(input));
  const activity = useQuery({
    ...trpc.sources.activity.queryOptions(input),
    refetchInterval: 15_000,
  });
  const tenants = useQuery(trpc.tenants.list.queryOptions({}));
  const tenantName = new Map(tenants.data?.items.map((t) => [t.id, t.name]));
  const activityOf = new Map(activity.data?.items.map((a) => [a.sourceId, a]));
  const newHref = values.tenantId ? `/sources/new?tenantId=${values.tenantId}` : "/sources/new";

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
      {sources.isPending ? (
        <TableSkeleton />
      ) : !sources.data ? (
        <QueryState isPending={false} error={sources.error} />
      ) : sources.data.items.length === 0 ? (
        <EmptyState title={values.tenantId ? "This tenant has no source yet" : "No sources yet"}>
          <p>
            A source is the URL one provider posts its webhooks to, with how to verify and read
            them.
          </p>
          {canCreate && (
            <LinkButton href={newHref} className="mt-4">
              New source
            </LinkButton>
          )}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Tenant</TH>
              <TH>Verification</TH>
              <TH>Status</TH>
              <TH>Ingest URL</TH>
              <TH className="whitespace-nowrap text-right">Events (24 h)</TH>
              <TH className="whitespace-nowrap">Last event</TH>
            </tr>
          </THead>
          <TBody>
            {sources.data.items.map((source) => {
              const seen = activityOf.get(source.id);
              return (
                <TR key={source.id}>
                  <TD>
                    <Link
                      href={`/sources/${source.id}`}
                      className="whitespace-nowrap font-medium text-indigo-700 hover:underline"
                    >
                      {source.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{source.slug}</div>
                  </TD>
                  <TD>
                    <Link
                      href={`/tenants/${source.tenantId}`}
                      className="text-slate-700 hover:underline"
                    >
                      {tenantName.get(source.tenantId) ?? source.tenantId}
                    </Link>
                  </TD>
                  <TD>
                    <Badge
                      tone={source.verification.scheme === "none" ? "amber" : "blue"}
                      className="whitespace-nowrap"
                    >
                      {schemeLabels[source.verification.scheme]}
                    </Badge>
                  </TD>
                  <TD>
                    <StatusBadge status={source.enabled ? "enabled" : "disabled"} />
                  </TD>
                  <TD>
                    <div className="flex items-center gap-2">
                      <code
                        className="block max-w-[10rem] truncate font-mono text-xs text-slate-600"
                        title={source.ingestUrl}
                      >
                        {new URL(source.ingestUrl).pathname}
                      </code>
                      <CopyButton
                        text={source.ingestUrl}
                        label={`Copy the ingest URL of ${source.name}`}
                      />
                    </div>
                  </TD>
                  <TD className="text-right tabular-nums">
                    {seen ? seen.eventsLast24h.toLocaleString() : "…"}
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">
                    {seen?.lastEventAt ? <Ago value={seen.lastEventAt} /> : seen ? "never" : "…"}
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
