import { EventDetail } from "@/components/events/event-detail";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Event · Switchyard" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  prefetch(trpc.events.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <EventDetail id={id} />
    </HydrateClient>
  );
}
