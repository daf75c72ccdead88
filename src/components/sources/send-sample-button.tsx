"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";

/** Sends a signed sample webhook through the real ingest path; the toast links to the event. */
export function SendSampleButton({ sourceId }: { sourceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useMutation(
    trpc.sources.sendSample.mutationOptions({
      onSuccess: async ({ eventId }) => {
        toast.success("Sample sent", {
          description: (
            <Link href={`/events/${eventId}`} className="font-mono underline">
              View event {eventId}
            </Link>
          ),
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.sources.activity.queryKey() }),
        ]);
      },
      onError: (error) =>
        toast.error("The sample was not accepted", { description: error.message }),
    }),
  );
  return (
    <Button onClick={() => send.mutate({ id: sourceId })} disabled={send.isPending}>
      {send.isPending ? "Sending…" : "Send a sample"}
    </Button>
  );
}
