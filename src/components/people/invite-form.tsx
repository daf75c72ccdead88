"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, SelectField } from "@/components/ui/field";
import { useTRPC } from "@/trpc/react";

/** Invites someone by email; the answer is a link to copy (valid 7 days, used once). */
export function InviteForm({ tenantId, staff }: { tenantId?: string; staff?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(
    trpc.people.invite.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  async function submit(form: FormData) {
    setLink(null);
    setCopied(false);
    const email = String(form.get("email"));
    const role = String(form.get("role"));
    const created = await invite
      .mutateAsync(
        staff
          ? { email, platformRole: role as "admin" | "operator" | "viewer" }
          : { email, tenantId, role: role as "owner" | "member" },
      )
      .catch(() => null);
    if (created) setLink(created.url);
  }

  return (
    <form action={submit} className="space-y-3">
      <div className="flex items-end gap-3">
        <Field label="Email" name="email" type="email" required className="flex-1" />
        <SelectField label="Role" name="role" defaultValue={staff ? "operator" : "member"}>
          {staff ? (
            <>
              <option value="admin">admin</option>
              <option value="operator">operator</option>
              <option value="viewer">viewer</option>
            </>
          ) : (
            <>
              <option value="member">member</option>
              <option value="owner">owner</option>
            </>
          )}
        </SelectField>
        <Button type="submit" disabled={invite.isPending}>
          Create invitation link
        </Button>
      </div>
      <FormError message={invite.error?.message ?? null} />
      {link && (
        <div className="flex items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
          <input
            readOnly
            aria-label="Invitation link"
            value={link}
            onFocus={(event) => event.target.select()}
            className="flex-1 bg-transparent font-mono text-xs outline-none"
          />
          <Button
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(link).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy link"}
          </Button>
        </div>
      )}
    </form>
  );
}
