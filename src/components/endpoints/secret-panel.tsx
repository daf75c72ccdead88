"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Time } from "@/components/ui/time";
import { toast } from "@/components/ui/toaster";
import type { endpointOut } from "@/domain/endpoints/schemas";
import { useTRPC } from "@/trpc/react";
import { SecretOnce } from "./secret-once";

type Endpoint = z.output<typeof endpointOut>;

/**
 * The signing secret: never on the page until asked for (Reveal secret), and a rotation that
 * shows the new one once and says until when the previous one still signs.
 */
export function SecretPanel({ endpoint, manage }: { endpoint: Endpoint; manage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const secretQuery = trpc.endpoints.secret.queryOptions({ id: endpoint.id });
  const secret = useQuery({ ...secretQuery, enabled: revealed, gcTime: 0, staleTime: 0 });
  const rotate = useMutation(
    trpc.endpoints.rotateSecret.mutationOptions({
      onSuccess: async () => {
        setRevealed(false);
        queryClient.removeQueries({ queryKey: secretQuery.queryKey });
        await queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
      },
    }),
  );

  return (
    <Card title="Signing secret">
      <div className="space-y-3 text-sm">
        <p className="text-slate-600">
          Receivers verify each request's <code>webhook-signature</code> with it.
        </p>
        {endpoint.rotatingUntil && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800">
            Rotating: the previous secret still signs until{" "}
            <Time value={endpoint.rotatingUntil} className="font-medium" />.
          </p>
        )}
        {rotate.data && (
          <SecretOnce secret={rotate.data.secret} label="New signing secret">
            Copy it now: it is shown this once. The previous secret keeps signing beside it until{" "}
            <Time value={rotate.data.rotatingUntil} className="font-medium" />.
          </SecretOnce>
        )}
        {revealed && secret.data && (
          <SecretOnce secret={secret.data.secret} label="Current signing secret">
            Shown because you asked; hide it when you are done.
          </SecretOnce>
        )}
        {revealed && secret.error && <p className="text-red-700">{secret.error.message}</p>}
        {manage ? (
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              disabled={revealed && secret.isFetching}
              onClick={() => setRevealed((shown) => !shown)}
            >
              {revealed ? "Hide secret" : "Reveal secret"}
            </Button>
            <ConfirmDialog
              action="Rotate secret"
              title="Rotate the signing secret?"
              description="A new secret signs every request from now on. The current one keeps signing beside it for 24 hours, so receivers can switch over."
              onConfirm={() =>
                rotate.mutateAsync({ id: endpoint.id }).then(
                  () => toast.success("Secret rotated"),
                  (error: Error) => toast.error(error.message),
                )
              }
            />
          </div>
        ) : (
          <p className="text-xs text-slate-500">Owners of the tenant can reveal and rotate it.</p>
        )}
      </div>
    </Card>
  );
}
