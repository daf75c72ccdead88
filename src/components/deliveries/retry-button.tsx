"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";

/**
 * Attempts a failed or pending delivery again now (trigger "manual"). A succeeded one has
 * nothing to retry: the button stays, disabled, and says why.
 */
export function RetryButton({ id, status }: { id: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reasonId = useId();
  const retry = useMutation(
    trpc.deliveries.retry.mutationOptions({
      onSuccess: () => {
        toast.success("Retry requested: a new attempt is on its way.");
        return queryClient.invalidateQueries({ queryKey: trpc.deliveries.get.queryKey({ id }) });
      },
      onError: (error) => toast.error(`Could not retry: ${error.message}`),
    }),
  );
  const succeeded = status === "succeeded";
  return (
    <div className="flex items-center gap-3">
      {succeeded && (
        <span id={reasonId} className="text-sm text-slate-500">
          Delivered: nothing to retry.
        </span>
      )}
      <Button
        disabled={succeeded || retry.isPending}
        aria-describedby={succeeded ? reasonId : undefined}
        onClick={() => retry.mutate({ id })}
      >
        Retry
      </Button>
    </div>
  );
}
