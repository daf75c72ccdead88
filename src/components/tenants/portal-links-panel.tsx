"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectControl } from "@/components/ui/form-controls";
import { ShownOnce } from "@/components/ui/shown-once";
import { useTRPC } from "@/trpc/react";

const validity = [
  [900, "15 minutes"],
  [1800, "30 minutes"],
  [3600, "1 hour"],
] as const;

/** One-time links that sign a browser into this tenant's console (the tenant portal). */
export function PortalLinksPanel({
  tenantId,
  tenantName,
}: {
  tenantId: string;
  tenantName: string;
}) {
  const trpc = useTRPC();
  const [role, setRole] = useState<"member" | "owner">("member");
  const [seconds, setSeconds] = useState(3600);
  const create = useMutation(trpc.tenants.createPortalLink.mutationOptions());

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ id: tenantId, role, expiresInSeconds: seconds });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        Opening a link signs that browser into the console as{" "}
        {role === "owner" ? "an owner" : "a member"} of {tenantName}, seeing nothing of other
        tenants. It works once, and only until it expires.
      </p>
      <form onSubmit={submit} className="flex items-end gap-2" aria-label="New portal link">
        <SelectControl
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as "member" | "owner")}
        >
          <option value="member">member: reads, retries, replays</option>
          <option value="owner">owner: also endpoints, sources, keys</option>
        </SelectControl>
        <SelectControl
          label="Valid for"
          value={String(seconds)}
          onChange={(event) => setSeconds(Number(event.target.value))}
        >
          {validity.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectControl>
        <Button type="submit" disabled={create.isPending} className="mb-px">
          {create.isPending ? "Creating…" : "Create portal link"}
        </Button>
      </form>
      {create.error && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      {create.data && (
        <ShownOnce
          label="Portal link"
          value={create.data.url}
          note={`Opens once, as ${create.data.role === "owner" ? "an owner" : "a member"}, until ${create.data.expiresAt.toLocaleString()}. It is not shown again.`}
        />
      )}
    </div>
  );
}
