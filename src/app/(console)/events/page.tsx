import type { inferRouterInputs } from "@trpc/server";
import { EventsTable } from "@/components/events/events-table";
import { eventFilterKeys, inputFromQuery, queryOf } from "@/components/events/list-input";
import { PageHeader } from "@/components/ui/page-header";
import type { AppRouter } from "@/server/trpc/root";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

type ListInput = inferRouterInputs<AppRouter>["events"]["list"];

export const metadata = { title: "Events · Switchyard" };

export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const input = inputFromQuery(queryOf(await searchParams), eventFilterKeys) as ListInput;
  // Awaited, not streamed: the first page takes milliseconds (an index seek), and the table
  // then renders on the server with its rows and names, exactly as the client hydrates it.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.events.list.queryOptions(input)),
    queryClient.prefetchQuery(trpc.events.filterChoices.queryOptions()),
  ]);
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
