"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";
import { InviteForm } from "./invite-form";

/** One tenant's people: change a role, remove someone, invite someone, revoke an invitation. */
export function MembersPanel({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.people.members.queryOptions({ id: tenantId }));
  const refresh = { onSuccess: () => queryClient.invalidateQueries() };
  const changeRole = useMutation(trpc.people.changeRole.mutationOptions(refresh));
  const remove = useMutation(trpc.people.remove.mutationOptions(refresh));
  const revoke = useMutation(trpc.people.revokeInvitation.mutationOptions(refresh));

  return (
    <div className="space-y-6">
      <Card title="Members">
        <QueryState isPending={members.isPending} error={members.error} />
        {members.data && (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th className="py-2">Email</th>
                <th className="py-2">Role</th>
                <th className="py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.data.members.map((member) => (
                <tr key={member.userId}>
                  <td className="py-2 font-medium">{member.name}</td>
                  <td className="py-2">{member.email}</td>
                  <td className="py-2">
                    <select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                      onChange={(event) =>
                        changeRole.mutate({
                          id: tenantId,
                          userId: member.userId,
                          role: event.target.value as "owner" | "member",
                        })
                      }
                    >
                      <option value="member">member</option>
                      <option value="owner">owner</option>
                    </select>
                  </td>
                  <td className="py-2 text-right">
                    <ConfirmDialog
                      action="Remove"
                      triggerLabel={`Remove ${member.email}`}
                      title={`Remove ${member.email}?`}
                      description="They lose access to this tenant at once. You can invite them again later."
                      onConfirm={() => remove.mutateAsync({ id: tenantId, userId: member.userId })}
                    />
                  </td>
                </tr>
              ))}
              {members.data.members.length === 0 && (
                <tr>
                  <td colSpan={4} className="py-4 text-center text-slate-500">
                    Nobody yet. Invite the tenant's first owner below.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Invite someone">
        <InviteForm tenantId={tenantId} />
        {members.data && members.data.invitations.length > 0 && (
          <ul className="mt-4 divide-y divide-slate-100 text-sm">
            {members.data.invitations.map((invitation) => (
              <li key={invitation.id} className="flex items-center justify-between py-2">
                <span>
                  {invitation.email} · {invitation.role} · open until{" "}
                  {invitation.expiresAt.toLocaleString()}
                </span>
                <ConfirmDialog
                  action="Revoke"
                  triggerLabel={`Revoke the invitation of ${invitation.email}`}
                  title="Revoke this invitation?"
                  description="Its link stops working."
                  onConfirm={() => revoke.mutateAsync({ id: invitation.id })}
                />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
