"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextControl } from "@/components/ui/form-controls";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";

/** How long the tenant's history is kept (README "Retention"); platform admins may change it. */
export function RetentionPanel({
  tenantId,
  retentionDays,
  canChange,
}: {
  tenantId: string;
  retentionDays: number;
  canChange: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [days, setDays] = useState(String(retentionDays));
  const update = useMutation(
    trpc.tenants.update.mutationOptions({
      onSuccess: async (tenant) => {
        toast.success(`Kept ${tenant.retentionDays} days from now on`);
        await queryClient.invalidateQueries({ queryKey: trpc.tenants.get.queryKey() });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ id: tenantId, retentionDays: Number(days) });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Events, requests, deliveries and attempts are kept {retentionDays}{" "}
        {retentionDays === 1 ? "day" : "days"}.
      </p>
      <p className="text-sm text-slate-500">
        Older ones are deleted every 10 minutes. Stats are kept longer: per-minute counts 400 days,
        hourly counts always.
      </p>
      {canChange && (
        <form onSubmit={submit} className="flex items-end gap-2" aria-label="Retention">
          <TextControl
            label="Keep for (days)"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            required
            value={days}
            onChange={(event) => setDays(event.target.value)}
            error={update.error?.message}
          />
          <Button type="submit" disabled={update.isPending} className="mb-px">
            {update.isPending ? "Saving…" : "Save retention"}
          </Button>
        </form>
      )}
    </div>
  );
}
