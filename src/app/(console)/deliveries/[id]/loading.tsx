import { DeliverySkeleton } from "@/components/deliveries/delivery-detail";

/** Shown at once when a delivery is opened, while the server renders it. */
export default function DeliveryLoading() {
  return <DeliverySkeleton />;
}
