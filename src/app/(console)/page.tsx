"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, Stat } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";

export default function OverviewPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.stats.overview.queryOptions({}));
  const data = overview.data;
  return (
    <>
      <PageHeader title="Overview" description="Everything Switchyard receives and delivers." />
      <QueryState isPending={overview.isPending} error={overview.error} />
      {data && (
        <div className="grid gap-4 lg:grid-cols-[3fr_4fr_3fr]">
          <Card title="Configuration">
            <div className="grid grid-cols-3 gap-4">
              <Stat label="Tenants" value={data.tenants} />
              <Stat label="Sources" value={data.sources} />
              <Stat label="Endpoints" value={data.endpoints} />
            </div>
          </Card>
          <Card title="Events">
            <div className="grid grid-cols-4 gap-4">
              <Stat label="Received" value={data.events.received} />
              <Stat label="Processing" value={data.events.processing} />
              <Stat label="Completed" value={data.events.completed} />
              <Stat label="Failed" value={data.events.failed} />
            </div>
          </Card>
          <Card title="Deliveries">
            <div className="grid grid-cols-3 gap-4">
              <Stat label="Pending" value={data.deliveries.pending} />
              <Stat label="Succeeded" value={data.deliveries.succeeded} />
              <Stat label="Failed" value={data.deliveries.failed} />
            </div>
          </Card>
        </div>
      )}
    </>
  );
}
