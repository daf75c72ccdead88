"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectControl, TextControl } from "@/components/ui/form-controls";
import { QueryState } from "@/components/ui/query-state";
import { ShownOnce } from "@/components/ui/shown-once";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Ago, Time } from "@/components/ui/time";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";

/** A tenant's API keys: create one (shown once), see them by prefix, revoke one. */
export function ApiKeysPanel({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.tenants.listApiKeys.queryOptions({ id: tenantId }));
  const [name, setName] = useState("");
  const [role, setRole] = useState<"owner" | "member">("owner");
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.tenants.listApiKeys.queryKey() });
  const create = useMutation(
    trpc.tenants.createApiKey.mutationOptions({
      onSuccess: async () => {
        setName("");
        await refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.tenants.revokeApiKey.mutationOptions({
      onSuccess: async (key) => {
        toast.success(`Revoked ${key.name || key.prefix}`, {
          description: "Requests with it are refused from now on.",
        });
        await refresh();
      },
      onError: (error) => toast.error("Could not revoke the key", { description: error.message }),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ id: tenantId, name: name.trim(), role });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        A key lets a script call the REST API (<code>Authorization: Bearer sk_live_…</code>) for
        this tenant only. Switchyard keeps its hash, so a key is shown once.
      </p>
      <form onSubmit={submit} className="flex items-end gap-2" aria-label="New API key">
        <TextControl
          label="Key name"
          className="flex-1"
          value={name}
          maxLength={200}
          placeholder="CI deploys"
          error={create.error?.message}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectControl
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as "owner" | "member")}
        >
          <option value="owner">Owner: everything in this tenant</option>
          <option value="member">Member: reads, retries, replays</option>
        </SelectControl>
        <Button type="submit" disabled={create.isPending} className="mb-px">
          {create.isPending ? "Creating…" : "Create API key"}
        </Button>
      </form>
      {create.data && (
        <div className="space-y-2">
          <ShownOnce
            label="API key"
            value={create.data.key}
            note="Copy it now: Switchyard keeps only its hash, so it is not shown again."
          />
          <Button variant="ghost" onClick={() => create.reset()}>
            Done
          </Button>
        </div>
      )}
      {keys.isPending ? (
        <TableSkeleton rows={2} />
      ) : !keys.data ? (
        <QueryState isPending={false} error={keys.error} />
      ) : keys.data.items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
          No API keys yet. Create one above for a script or a deploy pipeline.
        </p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="API keys">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Prefix</th>
              <th className="py-2 font-medium">Role</th>
              <th className="py-2 font-medium">Created</th>
              <th className="py-2 font-medium">Last used</th>
              <th className="py-2 text-right font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.data.items.map((key) => (
              <tr key={key.id}>
                <td className="py-2 font-medium">
                  {key.name || <span className="text-slate-400">Unnamed</span>}
                </td>
                <td className="py-2 font-mono text-xs">{key.prefix}…</td>
                <td className="py-2 text-slate-500">{key.role}</td>
                <td className="py-2 text-slate-500">
                  <Time value={key.createdAt} />
                </td>
                <td className="py-2 text-slate-500">
                  {key.lastUsedAt ? <Ago value={key.lastUsedAt} /> : "Never"}
                </td>
                <td className="py-2 text-right">
                  {key.revokedAt ? (
                    <span className="text-xs text-slate-500">
                      <Badge tone="gray">revoked</Badge> <Ago value={key.revokedAt} />
                    </span>
                  ) : (
                    <ConfirmDialog
                      action="Revoke"
                      triggerLabel={`Revoke ${key.name || key.prefix}`}
                      title={`Revoke ${key.name || `${key.prefix}…`}?`}
                      description="Every request made with this key is refused from now on. This cannot be undone: create a new key instead."
                      onConfirm={() => revoke.mutateAsync({ id: tenantId, keyId: key.id })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
