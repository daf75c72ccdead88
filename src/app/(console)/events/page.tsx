import type { inferRouterInputs } from "@trpc/server";
import { EventsTable } from "@/components/events/events-table";
import { eventFilterKeys, inputFromQuery, queryOf } from "@/components/events/list-input";
import { PageHeader } from "@/components/ui/page-header";
import type { AppRouter } from "@/server/trpc/root";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

type ListInput = inferRouterInputs<AppRouter>["events"]["list"];

export const metadata = { title: "Events · Switchyard" };

export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const input = inputFromQuery(queryOf(await searchParams), eventFilterKeys) as ListInput;
  prefetch(trpc.events.list.queryOptions(input));
  prefetch(trpc.events.filterChoices.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Events"
        description="Everything received and published, newest first. Filters stay in the URL: share it or open it in a new tab."
      />
      <EventsTable />
    </HydrateClient>
  );
}
