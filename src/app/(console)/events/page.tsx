import type { inferRouterInputs } from "@trpc/server";
import Link from "next/link";
import type { z } from "zod";
import { EventsTable } from "@/components/events/events-table";
import { eventFilterKeys, inputFromQuery, queryOf } from "@/components/events/list-input";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listEventsInput } from "@/domain/events/schemas";
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
  const invalid = listEventsInput.safeParse(input).error;
  if (invalid) return <InvalidFilters issues={invalid.issues} />;
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

/** A URL whose filters the list refuses (edited by hand, or from an older link). */
function InvalidFilters({ issues }: { issues: z.core.$ZodIssue[] }) {
  return (
    <>
      <PageHeader title="Events" />
      <EmptyState title="These filters are not valid">
        <ul className="mb-2">
          {issues.map((issue) => (
            <li key={issue.path.join(".")}>
              <code>{issue.path.join(".")}</code>: {issue.message}
            </li>
          ))}
        </ul>
        <Link href="/events" className="font-medium text-indigo-600 underline">
          Clear the filters
        </Link>
      </EmptyState>
    </>
  );
}
