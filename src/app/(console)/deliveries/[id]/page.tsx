import { DeliveryDetail } from "@/components/deliveries/delivery-detail";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Delivery · Switchyard" };

// Rendered with its data (one query by id); a missing one is asked again by the browser,
// which says so.
export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await getQueryClient().prefetchQuery(trpc.deliveries.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <DeliveryDetail id={id} />
    </HydrateClient>
  );
}
