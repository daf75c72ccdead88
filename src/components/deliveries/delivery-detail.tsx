"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Time } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";
import { AttemptsTable } from "./attempts-table";
import { retryUnlessRefused } from "./list-input";
import { NextAttempt } from "./next-attempt";
import { RetryButton } from "./retry-button";

/** One delivery: where it goes, what it carries, and every attempt's request and response. */
export function DeliveryDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const delivery = useQuery({
    ...trpc.deliveries.get.queryOptions({ id }),
    retry: retryUnlessRefused,
    // While pending an attempt is due or under way: follow it until the delivery settles.
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 1_000 : false),
  });

  if (delivery.isPending) return <DeliverySkeleton />;
  if (!delivery.data) {
    return (
      <>
        <PageHeader title="Delivery" />
        {delivery.error?.data?.code === "NOT_FOUND" ? (
          <EmptyState title="No such delivery">
            It may belong to a tenant you cannot see.{" "}
            <Link href="/deliveries">Back to the list</Link>
          </EmptyState>
        ) : (
          <QueryState isPending={false} error={delivery.error} />
        )}
      </>
    );
  }
  const d = delivery.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/deliveries" className="hover:text-indigo-700 hover:underline">
          Deliveries
        </Link>{" "}
        / <span className="font-mono">{d.id}</span>
      </nav>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            Delivery <StatusBadge status={d.status} className="text-sm" />
          </span>
        }
        description={
          <span className="flex items-center gap-2">
            <span className="font-mono">{d.id}</span>
            <CopyButton text={d.id} label="Copy delivery ID" />
          </span>
        }
        actions={<RetryButton id={d.id} status={d.status} />}
      />
      {!d.endpointEnabled && d.status !== "succeeded" && (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-800">
          The endpoint is disabled: a retry fails at once. Enable it on its page first.
        </p>
      )}
      <section
        aria-label="Summary"
        className="mb-6 grid gap-x-8 gap-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2 lg:grid-cols-3"
      >
        <Fact label="Event">
          <Link href={`/events/${d.eventId}`} className="font-mono text-indigo-700 hover:underline">
            {d.eventType}
          </Link>
          <div className="truncate font-mono text-xs text-slate-500">{d.eventId}</div>
        </Fact>
        <Fact label="Endpoint">
          <Link
            href={`/endpoints/${d.endpointId}`}
            className="block truncate font-mono text-indigo-700 hover:underline"
            title={d.endpointUrl}
          >
            {d.endpointUrl}
          </Link>
          {!d.endpointEnabled && <Badge tone="gray">disabled</Badge>}
        </Fact>
        <Fact label="Created">
          <Time value={d.createdAt} />
        </Fact>
        <Fact label="Attempts">
          <span className="tabular-nums">{d.attemptCount}</span>
        </Fact>
        <Fact label="Last attempt">
          <Time value={d.lastAttemptAt} />
        </Fact>
        <Fact label="Next attempt">
          {d.status === "pending" ? (
            <span className="flex items-baseline gap-2">
              <NextAttempt at={d.nextAttemptAt} />
              <Time value={d.nextAttemptAt} className="text-xs text-slate-500" />
            </span>
          ) : (
            <span className="text-slate-500">
              {d.status === "succeeded" ? "None: delivered" : "None: retries exhausted"}
            </span>
          )}
        </Fact>
      </section>

      <h2 className="mb-3 text-lg font-semibold">Attempts</h2>
      {d.attempts.length === 0 ? (
        <EmptyState title="No attempt yet">
          The first attempt is on its way; this page follows it.
        </EmptyState>
      ) : (
        <AttemptsTable attempts={d.attempts} url={d.endpointUrl} requestBody={d.requestBody} />
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-sm text-slate-800 [overflow-wrap:anywhere]">{children}</div>
    </div>
  );
}

export function DeliverySkeleton() {
  return (
    <div>
      <Skeleton className="mb-2 h-4 w-64" />
      <Skeleton className="mb-6 h-8 w-80" />
      <Skeleton className="mb-6 h-32 w-full" />
      <TableSkeleton rows={3} />
    </div>
  );
}
