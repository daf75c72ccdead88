"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Progress } from "@/components/ui/progress";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";
import { type DeliveryFilters, statusOf } from "./list-input";

/** A bulk retry takes failed deliveries, or pending ones when the list shows those. */
function bulkStatus(filters: DeliveryFilters): "failed" | "pending" {
  return statusOf(filters) === "pending" ? "pending" : "failed";
}

/** Why "Retry all" cannot take the list's current filter, if it cannot. */
function refusal(filters: DeliveryFilters): string | null {
  if (statusOf(filters) === "succeeded") return "Succeeded deliveries are never sent again.";
  if (filters.eventId) return "Retry an event's deliveries one by one, from each delivery's page.";
  return null;
}

/** "Retry all" for the list's filter (tenant, endpoint, status, time range), confirmed first. */
export function BulkRetryButton({
  filters,
  onStarted,
}: {
  filters: DeliveryFilters;
  onStarted: (bulkRetryId: string) => void;
}) {
  const trpc = useTRPC();
  const start = useMutation(trpc.deliveries.bulkRetry.mutationOptions());
  const refused = refusal(filters);
  if (refused) {
    return (
      <Button variant="secondary" disabled title={refused}>
        Retry all
      </Button>
    );
  }
  const status = bulkStatus(filters);
  return (
    <ConfirmDialog
      action="Retry all"
      title={`Retry every ${status} delivery?`}
      description={
        <>
          Every {status} delivery that matches the filters
          {filters.tenantId || filters.endpointId || filters.from || filters.to
            ? " (tenant, endpoint and time range as shown)"
            : ", of every tenant you can see,"}{" "}
          is sent again now, counted as a manual retry. Deliveries to disabled endpoints are left
          out.
        </>
      }
      onConfirm={async () => {
        try {
          const bulk = await start.mutateAsync({
            tenantId: filters.tenantId,
            endpointId: filters.endpointId,
            status,
            from: filters.from ? new Date(filters.from) : undefined,
            to: filters.to ? new Date(filters.to) : undefined,
          });
          onStarted(bulk.id);
        } catch (error) {
          toast.error(`Could not start the retry: ${(error as Error).message}`);
        }
      }}
    />
  );
}

/** A bulk retry's live progress, polled until it completes; then a toast and a fresh list. */
export function BulkRetryProgress({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const progress = useQuery({
    ...trpc.deliveries.bulkRetryProgress.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data?.status === "completed" ? false : 500),
  });
  const bulk = progress.data;
  const told = useRef(false);
  useEffect(() => {
    if (bulk?.status !== "completed" || told.current) return;
    told.current = true;
    if (bulk.total === 0) toast.info("Nothing to retry: no delivery matched.");
    else toast.success(`${bulk.total} ${bulk.total === 1 ? "delivery" : "deliveries"} sent again`);
    void queryClient.invalidateQueries({ queryKey: trpc.deliveries.browse.queryKey() });
  }, [bulk, queryClient, trpc]);

  const done = bulk?.status === "completed";
  return (
    <section
      aria-label="Bulk retry"
      className="mb-4 rounded-lg border border-indigo-100 bg-indigo-50/60 p-4"
    >
      <div className="mb-2 flex items-center justify-between gap-4 text-sm">
        <p aria-live="polite" className="font-medium text-slate-700">
          {!bulk
            ? "Starting the retry…"
            : done
              ? bulk.total === 0
                ? "Done: no delivery matched."
                : `Done: ${bulk.total} of ${bulk.total} sent again.`
              : `Retrying: ${bulk.done} of ${bulk.total} sent again…`}
        </p>
        {done && (
          <Button variant="ghost" onClick={onClose}>
            Dismiss
          </Button>
        )}
      </div>
      <Progress label="Bulk retry progress" value={bulk?.done ?? 0} max={bulk ? bulk.total : 1} />
      {progress.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not read its progress: {progress.error.message}
        </p>
      )}
    </section>
  );
}
