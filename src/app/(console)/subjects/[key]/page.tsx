import { SubjectDetail } from "@/components/subjects/subject-detail";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Subject · Switchyard" };

export default async function SubjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { key } = await params;
  const tenant = (await searchParams).tenantId;
  const tenantId = typeof tenant === "string" && tenant ? tenant : undefined;
  const subjectKey = decoded(key);
  prefetch(trpc.subjects.get.queryOptions({ key: subjectKey, tenantId }));
  prefetch(trpc.events.filterChoices.queryOptions());
  return (
    <HydrateClient>
      <SubjectDetail subjectKey={subjectKey} tenantId={tenantId} />
    </HydrateClient>
  );
}

/** The key as written: a segment may reach the page still percent-encoded. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
