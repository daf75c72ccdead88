import { TenantsTable } from "@/components/tenants/tenants-table";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

// The pattern of every console page: the server starts the query in-process (no HTTP hop),
// the client component renders it at once and keeps it fresh.
export default function TenantsPage() {
  prefetch(trpc.tenants.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader title="Tenants" description="Customer organisations and what each one owns." />
      <TenantsTable />
    </HydrateClient>
  );
}
