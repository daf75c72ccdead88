import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

/** A subject this caller cannot see, or that no event was about yet. */
export function SubjectNotFound({ subjectKey }: { subjectKey: string }) {
  return (
    <EmptyState title={`No subject "${subjectKey}"`}>
      No event was about it yet, or it belongs to a tenant you cannot see.{" "}
      <Link href="/subjects" className="font-medium text-indigo-600 underline">
        Back to subjects
      </Link>
    </EmptyState>
  );
}
