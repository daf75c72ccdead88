import { filtersFrom } from "@/components/deliveries/list-input";
import { runFilterKeys, runsInput } from "@/components/runs/list-input";
import { RunsView } from "@/components/runs/runs-view";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Runs · Switchyard" };

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const { cursor } = filtersFrom(params, ["cursor"]);
  prefetch(trpc.runs.list.queryOptions(runsInput(filtersFrom(params, runFilterKeys), cursor)));
  prefetch(trpc.runs.functions.queryOptions({}));
  return (
    <HydrateClient>
      <RunsView />
    </HydrateClient>
  );
}
