"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Progress } from "radix-ui";
import { useEffect, useState } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormControl } from "@/components/ui/form-control";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";

/** "2026-11-28T10:30" in the reader's zone: what a datetime-local input holds. */
function localInputValue(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * Recover since a time: every delivery to this endpoint that failed since then is sent again,
 * as a bulk retry whose progress shows here until it is done.
 */
export function RecoverPanel({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 86_400_000)));
  const recover = useMutation(
    trpc.endpoints.recover.mutationOptions({
      onSuccess: (bulk) =>
        toast.success(
          bulk.total === 0
            ? "Nothing failed since then"
            : `Sending ${bulk.total} failed ${bulk.total === 1 ? "delivery" : "deliveries"} again`,
        ),
      onError: (error) => toast.error(error.message),
    }),
  );
  const started = recover.data;
  const progress = useQuery({
    ...trpc.deliveries.bulkRetryProgress.queryOptions({ id: started?.id ?? "" }),
    enabled: started !== undefined,
    refetchInterval: (query) => (query.state.data?.status === "completed" ? false : 1000),
  });
  const bulk = progress.data ?? started;
  const done = bulk?.status === "completed";
  useEffect(() => {
    if (done)
      void queryClient.invalidateQueries({ queryKey: trpc.endpoints.recentDeliveries.pathKey() });
  }, [done, queryClient, trpc]);

  return (
    <Card title="Recover">
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          recover.mutate({ id: endpointId, since: new Date(since).toISOString() });
        }}
      >
        <p className="text-sm text-slate-600">
          After an outage, send again every delivery that failed since a time.
        </p>
        <FormControl
          label="Failed since"
          hint={enabled ? undefined : "Enable the endpoint first: a disabled one cannot recover."}
        >
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={since}
              max={localInputValue(new Date())}
              onChange={(event) => setSince(event.target.value)}
              required
            />
          )}
        </FormControl>
        <Button
          type="submit"
          variant="secondary"
          disabled={!enabled || !since || recover.isPending || (bulk !== undefined && !done)}
        >
          {recover.isPending ? "Starting…" : "Recover"}
        </Button>
      </form>
      {bulk && (
        <div className="mt-4 space-y-1" aria-live="polite">
          <div className="flex items-center justify-between text-xs text-slate-600">
            <span>
              {bulk.done} of {bulk.total} sent again
            </span>
            <StatusBadge status={bulk.status} />
          </div>
          <Progress.Root
            aria-label="Recovery progress"
            value={bulk.done}
            max={Math.max(bulk.total, 1)}
            className="h-2 overflow-hidden rounded-full bg-slate-200"
          >
            <Progress.Indicator
              className="h-full bg-indigo-600 transition-[width]"
              style={{ width: `${bulk.total === 0 ? 100 : (bulk.done / bulk.total) * 100}%` }}
            />
          </Progress.Root>
        </div>
      )}
    </Card>
  );
}
