"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";
import type { EventDetail } from "./types";

/**
 * `Replay` (a new event, origin "replay", delivered to the endpoints that match now) and, for
 * a failed event, `Re-run` (its processing again). Each asks first: both send webhooks.
 */
export function EventActions({
  event,
  onReplayed,
}: {
  event: EventDetail;
  onReplayed: (replayId: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.events.pathKey() });
  const replay = useMutation(trpc.events.replay.mutationOptions({ onSettled: refresh }));
  const rerun = useMutation(trpc.events.rerun.mutationOptions({ onSettled: refresh }));

  return (
    <>
      {event.status === "failed" && (
        <ConfirmDialog
          action="Re-run"
          title="Re-run this event?"
          description="Its processing runs again: enrichment, then delivery to every endpoint that matches it."
          onConfirm={async () => {
            try {
              await rerun.mutateAsync({ id: event.id });
              toast.success("Processing runs again", { description: event.id });
            } catch (error) {
              toast.error("Could not re-run the event", { description: (error as Error).message });
            }
          }}
        />
      )}
      <ConfirmDialog
        action="Replay"
        title="Replay this event?"
        description={
          <>
            A new event with the same type and payload (origin <code>replay</code>) is delivered to
            every endpoint of {event.tenantName} that matches it now.
          </>
        }
        onConfirm={async () => {
          try {
            const { id } = await replay.mutateAsync({ id: event.id });
            onReplayed(id);
            toast.success("Replayed", {
              description: (
                <Link href={`/events/${id}`} className="font-mono text-emerald-900 underline">
                  {id}
                </Link>
              ),
            });
          } catch (error) {
            toast.error("Could not replay the event", { description: (error as Error).message });
          }
        }}
      />
    </>
  );
}
