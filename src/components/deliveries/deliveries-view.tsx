"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Pager } from "@/components/list/pager";
import { useUrlFilters } from "@/components/list/use-url-filters";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { BulkRetryButton, BulkRetryProgress } from "./bulk-retry";
import { DeliveriesTable } from "./deliveries-table";
import { DeliveryFilterBar } from "./delivery-filters";
import {
  browseInput,
  deliveryFilterKeys,
  retryUnlessRefused,
  statusChoices,
  statusOf,
} from "./list-input";

/** The deliveries list: the failed and pending queue unless the filters say otherwise. */
export function DeliveriesView() {
  const trpc = useTRPC();
  const { values: filters, cursor, set } = useUrlFilters(deliveryFilterKeys);
  const [bulkRetryId, setBulkRetryId] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.deliveries.browse.queryOptions(browseInput(filters, cursor)),
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
    // The queue moves on its own: pending deliveries are tried again, or give up.
    refetchInterval: (query) =>
      query.state.data?.items.some((delivery) => delivery.status === "pending") ? 5_000 : false,
  });
  const status = statusOf(filters);

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Each event sent to each endpoint, attempt by attempt. What failed or is still pending comes first."
        actions={<BulkRetryButton filters={filters} onStarted={setBulkRetryId} />}
      />
      {bulkRetryId && (
        <BulkRetryProgress
          key={bulkRetryId}
          id={bulkRetryId}
          onClose={() => setBulkRetryId(null)}
        />
      )}
      <DeliveryFilterBar filters={filters} set={set} />
      {list.isPending ? (
        <TableSkeleton rows={8} />
      ) : !list.data ? (
        <QueryState isPending={false} error={list.error} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={emptyTitle(status, Boolean(cursor))}>
          {status === "queue"
            ? "Every delivery has gone through. Failed ones land here, ready to retry; choose “All statuses” to see the rest."
            : "Widen the time range or clear the filters to see more."}
        </EmptyState>
      ) : (
        <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          <DeliveriesTable items={list.data.items} />
        </div>
      )}
      <Pager
        cursor={cursor}
        nextCursor={list.data?.nextCursor}
        onPage={(next) => set({ cursor: next })}
      />
    </>
  );
}

function emptyTitle(status: string, paged: boolean): string {
  if (paged) return "No more deliveries";
  if (status === "queue") return "Nothing failed or pending";
  const label = statusChoices.find((choice) => choice.value === status)?.label ?? "";
  return status === "all" ? "No deliveries match" : `No ${label.toLowerCase()} deliveries match`;
}
