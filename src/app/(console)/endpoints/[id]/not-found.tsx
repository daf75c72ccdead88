import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function EndpointNotFound() {
  return (
    <>
      <PageHeader title="Endpoint not found" />
      <EmptyState title="No such endpoint">
        It was deleted, or belongs to a tenant you cannot see.{" "}
        <Link href="/endpoints" className="font-medium text-indigo-600 hover:underline">
          Back to endpoints
        </Link>
      </EmptyState>
    </>
  );
}
