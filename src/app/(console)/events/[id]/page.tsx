import { TRPCError } from "@trpc/server";
import { EventDetail } from "@/components/events/event-detail";
import { EventNotFound } from "@/components/events/event-not-found";
import { allows } from "@/lib/grant";
import { pageGrants } from "@/server/auth/page-permissions";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Event · Switchyard" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Awaited: the page renders on the server with the event (one indexed read), as the
  // client hydrates it; an event the caller cannot see is answered here.
  let tenantId: string | undefined;
  try {
    ({ tenantId } = await getQueryClient().fetchQuery(trpc.events.get.queryOptions({ id })));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return <EventNotFound id={id} />;
  }
  // Replay and Re-run only for those who may retry there (viewers read only).
  const canRetry = tenantId !== undefined && allows((await pageGrants())("retry"), tenantId);
  return (
    <HydrateClient>
      <EventDetail id={id} canRetry={canRetry} />
    </HydrateClient>
  );
}
