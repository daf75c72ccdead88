import Link from "next/link";
import { EndpointForm } from "@/components/endpoints/endpoint-form";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function NewEndpointPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await searchParams;
  prefetch(trpc.account.me.queryOptions({}));
  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/endpoints" className="hover:underline">
          Endpoints
        </Link>{" "}
        / New
      </nav>
      <PageHeader
        title="New endpoint"
        description="A URL of yours that receives a tenant's events, signed and retried until it answers 2xx."
      />
      <EndpointForm mode="create" tenantId={typeof tenantId === "string" ? tenantId : undefined} />
    </HydrateClient>
  );
}
