import { TenantDetail } from "@/components/tenants/tenant-detail";
import { allows } from "@/lib/grant";
import { pageGrants } from "@/server/auth/page-permissions";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const grants = await pageGrants();
  const manageAccess = grants("manageAccess");
  prefetch(trpc.tenants.get.queryOptions({ id }));
  prefetch(trpc.tenants.list.queryOptions({}));
  prefetch(trpc.sources.list.queryOptions({ tenantId: id }));
  prefetch(trpc.sources.activity.queryOptions({ tenantId: id }));
  prefetch(trpc.endpoints.list.queryOptions({ tenantId: id }));
  if (allows(manageAccess, id)) prefetch(trpc.tenants.listApiKeys.queryOptions({ id }));
  return (
    <HydrateClient>
      <TenantDetail
        id={id}
        configure={grants("configure")}
        manageAccess={manageAccess}
        administer={grants("administer")}
      />
    </HydrateClient>
  );
}
