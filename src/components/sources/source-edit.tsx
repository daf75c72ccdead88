"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { SourceForm } from "./source-form";

export function SourceEdit({ id }: { id: string }) {
  const trpc = useTRPC();
  const source = useQuery(trpc.sources.get.queryOptions({ id }));
  if (source.isPending) {
    return (
      <div role="status" aria-label="Loading" className="space-y-4">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-[32rem]" />
      </div>
    );
  }
  if (!source.data) return <QueryState isPending={false} error={source.error} />;
  return (
    <>
      <PageHeader
        title={`Edit ${source.data.name}`}
        description={
          <>
            Changes apply to the next request to{" "}
            <Link href={`/sources/${id}`} className="font-mono text-indigo-700 hover:underline">
              {source.data.slug}
            </Link>
            .
          </>
        }
      />
      <SourceForm source={source.data} />
    </>
  );
}
