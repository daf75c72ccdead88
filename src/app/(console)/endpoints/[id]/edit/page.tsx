import Link from "next/link";
import { EditEndpoint } from "@/components/endpoints/edit-endpoint";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { loadEndpoint } from "../load-endpoint";

export default async function EditEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  prefetch(trpc.account.me.queryOptions({}));
  await loadEndpoint(id);
  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/endpoints" className="hover:underline">
          Endpoints
        </Link>{" "}
        /{" "}
        <Link href={`/endpoints/${id}`} className="font-mono hover:underline">
          {id}
        </Link>{" "}
        / Edit
      </nav>
      <PageHeader title="Edit endpoint" description="Changes apply to the next delivery." />
      <EditEndpoint id={id} />
    </HydrateClient>
  );
}
