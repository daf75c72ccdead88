"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { MembersPanel } from "@/components/people/members-panel";
import { StaffPanel } from "@/components/people/staff-panel";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";

export default function PeoplePage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions({}));
  const [picked, setPicked] = useState<string | null>(null);
  // Owners manage their tenants; platform admins every tenant and the staff.
  const tenants =
    me.data?.tenants.filter(
      (tenant) => me.data.platformRole === "admin" || tenant.role === "owner",
    ) ?? [];
  const tenantId = picked ?? tenants[0]?.id ?? null;
  return (
    <>
      <PageHeader title="People" description="Who can sign in, and what each person may do." />
      <QueryState isPending={me.isPending} error={me.error} />
      {me.data && (
        <div className="space-y-8">
          {tenants.length > 0 && tenantId && (
            <section aria-label="Tenant members" className="space-y-4">
              <SelectField
                label="Tenant"
                className="max-w-xs"
                value={tenantId}
                onChange={(event) => setPicked(event.target.value)}
              >
                {tenants.map((tenant) => (
                  <option key={tenant.id} value={tenant.id}>
                    {tenant.name}
                  </option>
                ))}
              </SelectField>
              <MembersPanel tenantId={tenantId} />
            </section>
          )}
          {me.data.platformRole === "admin" && (
            <section aria-label="Platform staff" className="space-y-4">
              <h2 className="text-lg font-semibold">Platform staff</h2>
              <StaffPanel />
            </section>
          )}
        </div>
      )}
    </>
  );
}
