"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { useFilterChoices } from "./use-filter-choices";

/** The empty events list: how to send a first webhook, to a source that exists if there is one. */
export function FirstWebhook() {
  const { sources } = useFilterChoices();
  const [origin, setOrigin] = useState("http://localhost:3000");
  useEffect(() => setOrigin(window.location.origin), []);
  const source = sources[0];
  if (!source) {
    return (
      <EmptyState title="No events yet">
        Events arrive through a source: an inbound URL for one provider.{" "}
        <Link href="/sources" className="font-medium text-indigo-600 underline">
          Create a source
        </Link>{" "}
        (or <code>POST /api/v1/sources</code>), then post it a webhook. Events published with{" "}
        <code>POST /api/v1/events</code> appear here too.
      </EmptyState>
    );
  }
  const curl = [
    `curl -X POST ${origin}/api/webhooks/${source.slug} \\`,
    `  -H 'content-type: application/json' \\`,
    `  -d '{"type": "order.created", "order": {"id": "ord_1"}}'`,
  ].join("\n");
  return (
    <EmptyState title="No events yet">
      <p>
        Send a first webhook to <strong>{source.name}</strong>; it appears here within seconds. Add
        the source&apos;s verification header if it has one.
      </p>
      <div className="mx-auto mt-4 flex max-w-2xl items-start gap-2 text-left">
        <pre className="flex-1 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
          {curl}
        </pre>
        <CopyButton text={curl} label="Copy the curl command" />
      </div>
    </EmptyState>
  );
}
