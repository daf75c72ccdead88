"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { EndpointForm } from "./endpoint-form";
import { EndpointMissing } from "./endpoint-missing";
import { retryUnlessMissing } from "./use-access";

/** The edit form, once the endpoint as saved is known. */
export function EditEndpoint({ id }: { id: string }) {
  const trpc = useTRPC();
  const endpoint = useQuery({
    ...trpc.endpoints.get.queryOptions({ id }),
    retry: retryUnlessMissing,
  });
  if (endpoint.isPending) {
    return (
      <div role="status" aria-label="Loading" className="max-w-3xl space-y-4">
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (!endpoint.data) return <EndpointMissing error={endpoint.error} />;
  return <EndpointForm mode="edit" endpoint={endpoint.data} />;
}
