import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

/** An event this caller cannot see: another tenant's is "not found" like one that never was. */
export function EventNotFound({ id }: { id: string }) {
  return (
    <EmptyState title={`No event ${id}`}>
      It does not exist, or it belongs to a tenant you cannot see.{" "}
      <Link href="/events" className="font-medium text-indigo-600 underline">
        Back to events
      </Link>
    </EmptyState>
  );
}
