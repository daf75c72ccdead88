import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryState } from "@/components/ui/query-state";

/** An endpoint that does not exist, or that the caller may not see: the same answer. */
export function EndpointMissing({
  error,
}: {
  error: { message: string; data?: { code?: string } | null } | null;
}) {
  if (error?.data?.code !== "NOT_FOUND") return <QueryState isPending={false} error={error} />;
  return (
    <EmptyState title="No such endpoint">
      It was deleted, or belongs to a tenant you cannot see.{" "}
      <Link href="/endpoints" className="font-medium text-indigo-600 hover:underline">
        Back to endpoints
      </Link>
    </EmptyState>
  );
}
