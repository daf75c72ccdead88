"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";
import { DetailSkeleton } from "./detail-skeleton";
import { EventActions } from "./event-actions";
import { EventDeliveries } from "./event-deliveries";
import { EventNotFound } from "./event-not-found";
import { EventSummary } from "./event-summary";
import { EventTimeline } from "./event-timeline";
import { InboundRequestView } from "./inbound-request";
import { Panel } from "./panel";
import { retryUnlessRefused } from "./retry";
import type { EventDetail as Detail } from "./types";

/** Still moving: processing, or a delivery with attempts to come. The page follows it. */
const moving = (event: Detail | undefined) =>
  event !== undefined &&
  (event.status === "received" ||
    event.status === "processing" ||
    event.deliveries.some((delivery) => delivery.status === "pending"));

/** One event: what it is, what carried it, and everything that happened to it since. */
export function EventDetail({ id, canRetry }: { id: string; canRetry: boolean }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.events.get.queryOptions({ id }),
    refetchInterval: (q) => (moving(q.state.data) ? 3_000 : false),
    retry: retryUnlessRefused,
  });
  const [replayId, setReplayId] = useState<string | null>(null);

  if (query.isPending) return <DetailSkeleton />;
  if (!query.data) {
    if (query.error?.data?.code === "NOT_FOUND") {
      return <EventNotFound id={id} />;
    }
    return <QueryState isPending={false} error={query.error} />;
  }
  const event = query.data;
  return (
    <>
      <PageHeader
        title={event.type}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Link href="/events" className="text-indigo-700 hover:underline">
              Events
            </Link>
            <span aria-hidden>/</span>
            <span className="font-mono">{event.id}</span>
            <CopyButton text={event.id} label="Copy the event id" />
          </span>
        }
        actions={canRetry && <EventActions event={event} onReplayed={setReplayId} />}
      />
      {replayId && (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
        >
          Replayed as a new event:{" "}
          <Link href={`/events/${replayId}`} className="font-mono font-medium underline">
            {replayId}
          </Link>
        </p>
      )}
      {event.status === "failed" && event.error && (
        <div
          role="alert"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          <div className="font-medium">Processing failed</div>
          <div className="mt-1 font-mono text-xs whitespace-pre-wrap">{event.error}</div>
        </div>
      )}
      <div className="space-y-4">
        <EventSummary event={event} />
        <div className="grid gap-4 xl:grid-cols-5">
          <div className="min-w-0 space-y-4 xl:col-span-3">
            <div>
              <h2 className="mb-2 text-sm font-semibold text-slate-700">Payload</h2>
              <JsonView label="Payload" value={event.payload} />
            </div>
            <div>
              <h2 className="mb-2 text-sm font-semibold text-slate-700">Enrichment</h2>
              {event.enrichment == null ? (
                <p className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-500">
                  {enrichmentNote(event)}
                </p>
              ) : (
                <JsonView label="Enrichment" value={event.enrichment} />
              )}
            </div>
          </div>
          <Panel title="Timeline" className="min-w-0 xl:col-span-2">
            <EventTimeline event={event} />
          </Panel>
        </div>
        <Panel title="Deliveries">
          <EventDeliveries event={event} />
        </Panel>
        {event.request && (
          <Panel title="Inbound request">
            <InboundRequestView request={event.request} />
          </Panel>
        )}
      </div>
    </>
  );
}

/** Why an event has no enrichment. */
function enrichmentNote(event: Detail): string {
  if (!event.source) return "None: published events are not enriched.";
  if (!event.source.enriches) return "None: this source has no enrichment.";
  if (event.status === "failed") return "None: processing failed before enrichment completed.";
  return event.status === "completed"
    ? "None: no enrichment was stored for this event."
    : "Not yet: enrichment runs while the event is processed.";
}
