"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";
import { InviteForm } from "./invite-form";

/** Platform staff (admins only): everyone with an account and their platform role. */
export function StaffPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const people = useQuery(trpc.people.list.queryOptions({}));
  const setRole = useMutation(
    trpc.people.setPlatformRole.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  return (
    <div className="space-y-6">
      <Card title="Everyone with an account">
        <QueryState isPending={people.isPending} error={people.error} />
        <FormError message={setRole.error?.message ?? null} />
        {people.data && (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th className="py-2">Email</th>
                <th className="py-2">Platform role</th>
                <th className="py-2">Tenants</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {people.data.items.map((person) => (
                <tr key={person.id}>
                  <td className="py-2 font-medium">{person.name}</td>
                  <td className="py-2">{person.email}</td>
                  <td className="py-2">
                    <select
                      aria-label={`Platform role of ${person.email}`}
                      value={person.role ?? ""}
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                      onChange={(event) =>
                        setRole.mutate({
                          id: person.id,
                          role: (event.target.value || null) as
                            | "admin"
                            | "operator"
                            | "viewer"
                            | null,
                        })
                      }
                    >
                      <option value="">none</option>
                      <option value="admin">admin</option>
                      <option value="operator">operator</option>
                      <option value="viewer">viewer</option>
                    </select>
                  </td>
                  <td className="py-2 text-slate-500">
                    {person.memberships.map((m) => `${m.tenantName} (${m.role})`).join(", ") || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Invite staff">
        <InviteForm staff />
      </Card>
    </div>
  );
}
