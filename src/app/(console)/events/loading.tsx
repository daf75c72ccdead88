import { PageHeader } from "@/components/ui/page-header";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";

/** While the events page is fetched: its header, and the shapes of its filters and table. */
export default function EventsLoading() {
  return (
    <>
      <PageHeader title="Events" description="Everything received and published, newest first." />
      <Skeleton className="mb-4 h-36 w-full" />
      <TableSkeleton rows={8} />
    </>
  );
}
