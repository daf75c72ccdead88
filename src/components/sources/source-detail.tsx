"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Ago } from "@/components/ui/time";
import { toast } from "@/components/ui/toaster";
import { allows, type Grant } from "@/lib/grant";
import { useTRPC } from "@/trpc/react";
import { CurlExample } from "./curl-example";
import { RecentEvents } from "./recent-events";
import { schemeLabels } from "./scheme";
import { SendSampleButton } from "./send-sample-button";
import { SourceSecret, useSourceSecret } from "./source-secret";
import { SourceSettings } from "./source-settings";
import { TrackingSummary } from "./tracking-summary";
import { UnverifiedWarning } from "./unverified-warning";

/** One source: where to post, a working curl example, its recent events and its settings. */
export function SourceDetail({ id, configure }: { id: string; configure: Grant }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const source = useQuery(trpc.sources.get.queryOptions({ id }));
  const activity = useQuery({
    ...trpc.sources.activity.queryOptions({ sourceId: id }),
    refetchInterval: 5_000,
  });
  const tenant = useQuery({
    ...trpc.tenants.get.queryOptions({ id: source.data?.tenantId ?? "" }),
    enabled: Boolean(source.data),
  });
  const secret = useSourceSecret(id);
  const remove = useMutation(
    trpc.sources.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted ${source.data?.name ?? id}`);
        await queryClient.invalidateQueries({ queryKey: trpc.sources.pathKey() });
        router.push("/sources");
      },
      onError: (error) =>
        toast.error("Could not delete the source", { description: error.message }),
    }),
  );

  if (source.isPending) return <DetailSkeleton />;
  if (!source.data) return <QueryState isPending={false} error={source.error} />;
  const s = source.data;
  const canConfigure = allows(configure, s.tenantId);
  const seen = activity.data?.items[0];

  return (
    <>
      <PageHeader
        title={s.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono">{s.slug}</code>
            <span aria-hidden>·</span>
            <Link href={`/tenants/${s.tenantId}`} className="text-indigo-700 hover:underline">
              {tenant.data?.name ?? "Tenant"}
            </Link>
            <StatusBadge status={s.enabled ? "enabled" : "disabled"} />
          </span>
        }
        actions={
          canConfigure && (
            <>
              <SendSampleButton sourceId={s.id} />
              <LinkButton variant="secondary" href={`/sources/${s.id}/edit`}>
                Edit
              </LinkButton>
              <ConfirmDialog
                action="Delete source"
                title={`Delete ${s.name}?`}
                description="Its ingest URL stops answering at once (404) and its settings are gone. Its events stay."
                onConfirm={() => remove.mutateAsync({ id: s.id })}
              />
            </>
          )
        }
      />
      {!s.enabled && (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          This source is disabled: its ingest URL answers 404 and nothing is stored. Edit it to
          enable it again.
        </p>
      )}
      <div className="mb-6 grid grid-cols-3 gap-4">
        <StatCard label="Events (24 h)" value={seen ? seen.eventsLast24h.toLocaleString() : "…"} />
        <StatCard
          label="Last event"
          value={seen?.lastEventAt ? <Ago value={seen.lastEventAt} /> : seen ? "Never" : "…"}
        />
        <StatCard label="Verification" value={schemeLabels[s.verification.scheme]} />
      </div>
      <div className="grid grid-cols-3 gap-6">
        <div className="col-span-2 min-w-0">
          <Card title="Send webhooks here">
            <div className="space-y-4">
              <div>
                <div className="text-sm font-medium text-slate-700">Ingest URL</div>
                <div className="mt-1 flex items-center gap-2">
                  <code className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-1.5 font-mono text-sm">
                    {s.ingestUrl}
                  </code>
                  <CopyButton text={s.ingestUrl} label="Copy ingest URL" />
                </div>
                {s.subject?.from === "url" && (
                  <p className="mt-1 text-xs text-slate-500">
                    Append the subject: <code>{s.ingestUrl}/&lt;subject&gt;</code>
                  </p>
                )}
              </div>
              {s.verification.scheme !== "none" ? (
                <SourceSecret secret={secret} canReveal={canConfigure} />
              ) : (
                <UnverifiedWarning className="mt-4" />
              )}
              <CurlExample source={s} secret={secret.value} />
            </div>
          </Card>
          {s.tracking && (
            <div className="mt-6">
              <Card title="Subject tracking">
                <TrackingSummary rule={s.tracking} sourceId={s.id} />
              </Card>
            </div>
          )}
        </div>
        <Card title="Settings">
          <SourceSettings source={s} />
        </Card>
        <div className="col-span-3">
          <Card title="Recent events">
            <RecentEvents sourceId={s.id} showSubject={s.subject !== null} />
          </Card>
        </div>
      </div>
    </>
  );
}

function StatCard({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{value}</div>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <div className="grid grid-cols-4 gap-4">
        {["a", "b", "c", "d"].map((key) => (
          <Skeleton key={key} className="h-20" />
        ))}
      </div>
      <div className="grid grid-cols-3 gap-6">
        <Skeleton className="col-span-2 h-96" />
        <Skeleton className="h-96" />
      </div>
    </div>
  );
}
