import { PageHeader } from "@/components/ui/page-header";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";

/** While the subjects page is fetched: its header, and the shapes of its filters and table. */
export default function SubjectsLoading() {
  return (
    <>
      <PageHeader
        title="Subjects"
        description="What events are about (a call, a job, an order), most recently active first."
      />
      <Skeleton className="mb-4 h-20 w-full" />
      <TableSkeleton rows={8} />
    </>
  );
}
