import { overviewInput } from "@/components/overview/filters";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { OverviewFilters } from "@/components/overview/overview-filters";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

// The window and tenant come from the query string; the server starts the query in-process and
// the dashboard renders it as it streams in.
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  prefetch(trpc.stats.overview.queryOptions(overviewInput(await searchParams)));
  return (
    <HydrateClient>
      <PageHeader
        title="Overview"
        description="What Switchyard received and delivered, and what is failing now."
        actions={<OverviewFilters />}
      />
      <OverviewDashboard />
    </HydrateClient>
  );
}
