import { DeliveriesView } from "@/components/deliveries/deliveries-view";
import { browseInput, deliveryFilterKeys, filtersFrom } from "@/components/deliveries/list-input";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Deliveries · Switchyard" };

// The list's page and filters come from the query string: the server runs the same query the
// browser would (in-process, by indexes) before it renders, so the first paint has the rows.
// A refused or failed query is not handed over: the browser asks again and shows why.
export default async function DeliveriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const { cursor } = filtersFrom(params, ["cursor"]);
  const input = browseInput(filtersFrom(params, deliveryFilterKeys), cursor);
  await getQueryClient().prefetchQuery(trpc.deliveries.browse.queryOptions(input));
  return (
    <HydrateClient>
      <DeliveriesView />
    </HydrateClient>
  );
}
