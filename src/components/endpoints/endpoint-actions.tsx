"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LinkButton } from "@/components/ui/link-button";
import { toast } from "@/components/ui/toaster";
import type { endpointOut } from "@/domain/endpoints/schemas";
import { useTRPC } from "@/trpc/react";

type Endpoint = z.output<typeof endpointOut>;

/** Edit, Disable (asks first) or Enable, and Delete (asks first). */
export function EndpointActions({ endpoint }: { endpoint: Endpoint }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
  const update = useMutation(trpc.endpoints.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.endpoints.delete.mutationOptions());

  const setEnabled = (enabled: boolean) =>
    update.mutateAsync({ id: endpoint.id, enabled }).then(
      () => toast.success(enabled ? "Endpoint enabled" : "Endpoint disabled"),
      (error: Error) => toast.error(error.message),
    );

  return (
    <>
      <LinkButton variant="secondary" href={`/endpoints/${endpoint.id}/edit`}>
        Edit
      </LinkButton>
      {endpoint.enabled ? (
        <ConfirmDialog
          action="Disable"
          title="Disable this endpoint?"
          description="It gets no deliveries until it is enabled again: new events fail for it at once. After enabling it, Recover sends them again."
          onConfirm={() => setEnabled(false)}
        />
      ) : (
        <Button variant="secondary" disabled={update.isPending} onClick={() => setEnabled(true)}>
          Enable
        </Button>
      )}
      <ConfirmDialog
        action="Delete"
        title="Delete this endpoint?"
        description={
          <>
            <span className="font-mono break-all">{endpoint.url}</span> stops receiving events, and
            its deliveries and their attempts are deleted with it. This cannot be undone.
          </>
        }
        onConfirm={() =>
          remove.mutateAsync({ id: endpoint.id }).then(
            async () => {
              toast.success("Endpoint deleted");
              router.push("/endpoints");
              // Only the lists: this page's own queries would ask for what no longer exists.
              await Promise.all([
                queryClient.invalidateQueries({ queryKey: trpc.endpoints.list.pathKey() }),
                queryClient.invalidateQueries({ queryKey: trpc.endpoints.activity.pathKey() }),
              ]);
            },
            (error: Error) => toast.error(error.message),
          )
        }
      />
    </>
  );
}
