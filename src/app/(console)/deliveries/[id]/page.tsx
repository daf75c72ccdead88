import { DeliveryDetail } from "@/components/deliveries/delivery-detail";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Delivery · Switchyard" };

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  prefetch(trpc.deliveries.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <DeliveryDetail id={id} />
    </HydrateClient>
  );
}
