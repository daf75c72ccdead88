import { SourceForm } from "@/components/sources/source-form";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function NewSourcePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await searchParams;
  prefetch(trpc.tenants.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader
        title="New source"
        description="An inbound URL for one provider: how its requests are verified and read."
      />
      <SourceForm tenantId={typeof tenantId === "string" ? tenantId : undefined} />
    </HydrateClient>
  );
}
