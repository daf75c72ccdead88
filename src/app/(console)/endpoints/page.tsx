import { EndpointsTable, NewEndpointButton } from "@/components/endpoints/endpoints-table";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function EndpointsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await searchParams;
  const input = typeof tenantId === "string" && tenantId ? { tenantId } : {};
  prefetch(trpc.endpoints.list.queryOptions(input));
  prefetch(trpc.endpoints.activity.queryOptions(input));
  prefetch(trpc.account.me.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader
        title="Endpoints"
        description="Where each tenant's events are delivered, and how that is going."
        actions={<NewEndpointButton />}
      />
      <EndpointsTable />
    </HydrateClient>
  );
}
