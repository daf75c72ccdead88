"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/skeleton";
import { allows, type Grant } from "@/lib/grant";
import { useTRPC } from "@/trpc/react";
import { ApiKeysPanel } from "./api-keys-panel";
import { PortalLinksPanel } from "./portal-links-panel";
import { RetentionPanel } from "./retention-panel";
import { TenantEndpoints, TenantSources } from "./tenant-things";

/**
 * One tenant: how much it owns, its sources and endpoints, how long its history is kept, its
 * API keys and portal links.
 */
export function TenantDetail({
  id,
  configure,
  manageAccess,
  administer,
}: {
  id: string;
  configure: Grant;
  manageAccess: Grant;
  administer: Grant;
}) {
  const trpc = useTRPC();
  const tenant = useQuery(trpc.tenants.get.queryOptions({ id }));
  const tenants = useQuery(trpc.tenants.list.queryOptions({}));
  const counts = tenants.data?.items.find((t) => t.id === id)?.counts;

  if (tenant.isPending) {
    return (
      <div role="status" aria-label="Loading" className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-24" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (!tenant.data) return <QueryState isPending={false} error={tenant.error} />;
  const t = tenant.data;
  const canConfigure = allows(configure, id);
  const canManageAccess = allows(manageAccess, id);

  return (
    <>
      <PageHeader
        title={t.name}
        description={
          <>
            <code className="font-mono">{t.slug}</code> · <code className="font-mono">{t.id}</code>
          </>
        }
        actions={
          <>
            <LinkButton variant="secondary" href={`/events?tenantId=${id}`}>
              Events
            </LinkButton>
            {canConfigure && (
              <LinkButton href={`/sources/new?tenantId=${id}`}>New source</LinkButton>
            )}
          </>
        }
      />
      <div className="mb-6 grid grid-cols-3 gap-4">
        <Count label="Sources" value={counts?.sources} />
        <Count label="Endpoints" value={counts?.endpoints} />
        <Count label="Events" value={counts?.events} />
      </div>
      <div className="grid grid-cols-2 gap-6">
        <Card title="Sources">
          <TenantSources tenantId={id} canCreate={canConfigure} />
        </Card>
        <Card title="Endpoints">
          <TenantEndpoints tenantId={id} />
        </Card>
        <div className="col-span-2">
          <Card title="Retention">
            <RetentionPanel
              key={t.retentionDays}
              tenantId={id}
              retentionDays={t.retentionDays}
              canChange={allows(administer, id)}
            />
          </Card>
        </div>
        {canManageAccess && (
          <>
            <div className="col-span-2">
              <Card title="API keys">
                <ApiKeysPanel tenantId={id} />
              </Card>
            </div>
            <div className="col-span-2">
              <Card title="Portal links">
                <PortalLinksPanel tenantId={id} tenantName={t.name} />
              </Card>
            </div>
          </>
        )}
      </div>
    </>
  );
}

function Count({ label, value }: { label: string; value: number | undefined }): ReactNode {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
      <div className="text-2xl font-semibold tabular-nums">
        {value === undefined ? <Skeleton className="h-8 w-12" /> : value.toLocaleString()}
      </div>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
    </div>
  );
}
