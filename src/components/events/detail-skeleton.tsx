import { Skeleton } from "@/components/ui/skeleton";

/** What a detail page (an event, a subject) shows while it loads. */
export function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="space-y-4">
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-24 w-full" />
      <div className="grid gap-4 xl:grid-cols-5">
        <Skeleton className="h-72 xl:col-span-3" />
        <Skeleton className="h-72 xl:col-span-2" />
      </div>
      <Skeleton className="h-32 w-full" />
    </div>
  );
}
