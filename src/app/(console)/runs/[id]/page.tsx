import { RunDetail } from "@/components/runs/run-detail";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Run · Switchyard" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await getQueryClient().prefetchQuery(trpc.runs.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <RunDetail id={id} />
    </HydrateClient>
  );
}
