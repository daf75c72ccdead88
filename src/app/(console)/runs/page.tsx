import { filtersFrom } from "@/components/deliveries/list-input";
import { runFilterKeys, runsInput } from "@/components/runs/list-input";
import { RunsView } from "@/components/runs/runs-view";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Runs · Switchyard" };

// Rendered with its rows; for anyone but a platform admin the queries are refused and the
// browser, asking again, says why.
export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const { cursor } = filtersFrom(params, ["cursor"]);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(
      trpc.runs.list.queryOptions(runsInput(filtersFrom(params, runFilterKeys), cursor)),
    ),
    queryClient.prefetchQuery(trpc.runs.functions.queryOptions({})),
  ]);
  return (
    <HydrateClient>
      <RunsView />
    </HydrateClient>
  );
}
