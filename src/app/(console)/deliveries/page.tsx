import { DeliveriesView } from "@/components/deliveries/deliveries-view";
import { browseInput, deliveryFilterKeys, filtersFrom } from "@/components/deliveries/list-input";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Deliveries · Switchyard" };

// The list's page and filters come from the query string: the server starts the same query
// the browser will ask for, so the first paint already has the rows.
export default async function DeliveriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const { cursor } = filtersFrom(params, ["cursor"]);
  prefetch(
    trpc.deliveries.browse.queryOptions(
      browseInput(filtersFrom(params, deliveryFilterKeys), cursor),
    ),
  );
  prefetch(trpc.tenants.list.queryOptions({}));
  return (
    <HydrateClient>
      <DeliveriesView />
    </HydrateClient>
  );
}
