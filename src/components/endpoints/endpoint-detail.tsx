"use client";

import { useQuery } from "@tanstack/react-query";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { ActivitySparkline, quietActivity, SuccessRate } from "./activity";
import { EndpointActions } from "./endpoint-actions";
import { EndpointMissing } from "./endpoint-missing";
import { EndpointSettings } from "./endpoint-settings";
import { RecentDeliveries } from "./recent-deliveries";
import { RecoverPanel } from "./recover-panel";
import { SecretPanel } from "./secret-panel";
import { TestSend } from "./test-send";
import { retryUnlessMissing, useEndpointAccess } from "./use-access";

/** One endpoint: its settings and health, a test send, its secret, recovery, its deliveries. */
export function EndpointDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const access = useEndpointAccess();
  const endpoint = useQuery({
    ...trpc.endpoints.get.queryOptions({ id }),
    retry: retryUnlessMissing,
  });
  if (endpoint.isPending) return <DetailSkeleton />;
  if (!endpoint.data) return <EndpointMissing error={endpoint.error} />;
  const data = endpoint.data;
  const manage = access.mayConfigure(data.tenantId);
  return (
    <>
      <PageHeader
        title={<span className="font-mono text-xl break-all">{data.url}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={data.enabled ? "enabled" : "disabled"} />
            <span>{access.tenantName(data.tenantId)}</span>
            {data.description && <span>· {data.description}</span>}
          </span>
        }
        actions={manage ? <EndpointActions endpoint={data} /> : undefined}
      />
      {!data.enabled && (
        <p
          role="status"
          className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <span className="font-medium">Disabled:</span>{" "}
          {data.disabledReason ?? "no deliveries are made to it."}{" "}
          {manage && "Enable it to receive events again, then Recover what failed meanwhile."}
        </p>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <EndpointSettings endpoint={data} tenantName={access.tenantName(data.tenantId)} />
          <TestSend endpointId={data.id} manage={manage} />
        </div>
        <div className="space-y-6">
          <Last24Hours endpointId={data.id} />
          <SecretPanel endpoint={data} manage={manage} />
          {access.mayRetry(data.tenantId) && (
            <RecoverPanel endpointId={data.id} enabled={data.enabled} />
          )}
        </div>
        <div className="lg:col-span-3">
          <RecentDeliveries endpointId={data.id} />
        </div>
      </div>
    </>
  );
}

function Last24Hours({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const activity = useQuery({
    ...trpc.endpoints.activity.queryOptions({ endpointId }),
    refetchInterval: 30_000,
  });
  if (!activity.data) {
    return (
      <Card title="Last 24 hours">
        <Skeleton className="h-20 w-full" />
      </Card>
    );
  }
  const recent = activity.data.items[0] ?? quietActivity(activity.data.since, endpointId);
  return (
    <Card title="Last 24 hours">
      <div className="flex items-baseline justify-between">
        <div className="text-2xl">
          <SuccessRate activity={recent} />
        </div>
        <div className="text-xs text-slate-500">success rate</div>
      </div>
      <ActivitySparkline activity={recent} height={48} barWidth={9} className="mt-3" />
      <dl className="mt-3 grid grid-cols-3 gap-2 text-center text-xs">
        {(["succeeded", "failed", "pending"] as const).map((status) => (
          <div key={status}>
            <dt className="text-slate-500">{status}</dt>
            <dd className="text-base font-semibold tabular-nums">{recent[status]}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="space-y-6">
      <Skeleton className="h-10 w-2/3" />
      <div className="grid grid-cols-3 gap-6">
        <Skeleton className="col-span-2 h-72" />
        <Skeleton className="h-72" />
      </div>
      <Skeleton className="h-48" />
    </div>
  );
}
