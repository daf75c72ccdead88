import { SourceEdit } from "@/components/sources/source-edit";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function EditSourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  prefetch(trpc.sources.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <SourceEdit id={id} />
    </HydrateClient>
  );
}
