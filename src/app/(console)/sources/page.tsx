import { SourcesTable } from "@/components/sources/sources-table";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { allows } from "@/lib/grant";
import { pageGrants } from "@/server/auth/page-permissions";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function SourcesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId: given } = await searchParams;
  const tenantId = typeof given === "string" && given ? given : undefined;
  const configure = (await pageGrants())("configure");
  prefetch(trpc.sources.list.queryOptions({ tenantId }));
  prefetch(trpc.sources.activity.queryOptions({ tenantId }));
  prefetch(trpc.tenants.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader
        title="Sources"
        description="Inbound URLs, one per provider: how each request is verified and read."
        actions={
          allows(configure, tenantId) && (
            <LinkButton href={tenantId ? `/sources/new?tenantId=${tenantId}` : "/sources/new"}>
              New source
            </LinkButton>
          )
        }
      />
      <SourcesTable canCreate={allows(configure, tenantId)} />
    </HydrateClient>
  );
}
