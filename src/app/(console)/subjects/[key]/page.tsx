import { TRPCError } from "@trpc/server";
import { SubjectDetail } from "@/components/subjects/subject-detail";
import { SubjectNotFound } from "@/components/subjects/subject-not-found";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

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
  // Awaited: the page renders on the server with the subject, as the client hydrates it.
  const queryClient = getQueryClient();
  try {
    await Promise.all([
      queryClient.fetchQuery(trpc.subjects.get.queryOptions({ key: subjectKey, tenantId })),
      queryClient.prefetchQuery(trpc.events.filterChoices.queryOptions()),
    ]);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") {
      return <SubjectNotFound subjectKey={subjectKey} />;
    }
  }
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
