import type { inferRouterInputs } from "@trpc/server";
import { inputFromQuery, queryOf } from "@/components/events/list-input";
import { subjectFilterKeys } from "@/components/subjects/list-input";
import { SubjectsTable } from "@/components/subjects/subjects-table";
import { PageHeader } from "@/components/ui/page-header";
import type { AppRouter } from "@/server/trpc/root";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

type ListInput = inferRouterInputs<AppRouter>["subjects"]["list"];

export const metadata = { title: "Subjects · Switchyard" };

export default async function SubjectsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const input = inputFromQuery(queryOf(await searchParams), subjectFilterKeys) as ListInput;
  // Awaited like the events list: the table renders on the server as the client hydrates it.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.subjects.list.queryOptions(input)),
    queryClient.prefetchQuery(trpc.events.filterChoices.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title="Subjects"
        description="What events are about (a call, a job, an order), most recently active first."
      />
      <SubjectsTable />
    </HydrateClient>
  );
}
