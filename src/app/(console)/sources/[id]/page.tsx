import { RECENT_EVENTS } from "@/components/sources/recent-events";
import { SourceDetail } from "@/components/sources/source-detail";
import { pageGrants } from "@/server/auth/page-permissions";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function SourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  prefetch(trpc.sources.get.queryOptions({ id }));
  prefetch(trpc.sources.activity.queryOptions({ sourceId: id }));
  prefetch(trpc.events.list.queryOptions({ sourceId: id, limit: RECENT_EVENTS }));
  const grants = await pageGrants();
  return (
    <HydrateClient>
      <SourceDetail id={id} configure={grants("configure")} />
    </HydrateClient>
  );
}
