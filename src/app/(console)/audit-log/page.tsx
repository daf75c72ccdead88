import { Suspense } from "react";
import { AuditLogTable } from "@/components/audit/audit-log-table";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

const one = (value: string | string[] | undefined) =>
  typeof value === "string" ? value : undefined;

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  prefetch(trpc.tenants.list.queryOptions({}));
  prefetch(
    trpc.auditLog.list.queryOptions({
      tenantId: one(params.tenantId),
      cursor: one(params.cursor),
      limit: 50,
    }),
  );
  return (
    <HydrateClient>
      <PageHeader
        title="Audit log"
        description="Every change to tenants, sources, endpoints, keys, people and secrets, and every retry and replay: who, what, when."
      />
      {/* The filters live in the query string, read on the client. */}
      <Suspense fallback={<TableSkeleton />}>
        <AuditLogTable />
      </Suspense>
    </HydrateClient>
  );
}
