import Link from "next/link";
import { EndpointDetail } from "@/components/endpoints/endpoint-detail";
import { recentDeliveriesOf } from "@/components/endpoints/query-inputs";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { loadEndpoint } from "./load-endpoint";

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  prefetch(trpc.account.me.queryOptions({}));
  prefetch(trpc.endpoints.activity.queryOptions({ endpointId: id }));
  prefetch(trpc.endpoints.testEvent.queryOptions({ id }));
  prefetch(trpc.endpoints.recentDeliveries.queryOptions(recentDeliveriesOf(id)));
  await loadEndpoint(id);
  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/endpoints" className="hover:underline">
          Endpoints
        </Link>{" "}
        / <span className="font-mono">{id}</span>
      </nav>
      <EndpointDetail id={id} />
    </HydrateClient>
  );
}
