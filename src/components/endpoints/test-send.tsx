"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormControl } from "@/components/ui/form-control";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";
import { issuesByField } from "./form-values";

/**
 * A test send with an editable payload: it starts from the last test sent to this endpoint
 * (kept by the server) or an example, and shows the delivery it became until it finishes.
 */
export function TestSend({ endpointId, manage }: { endpointId: string; manage: boolean }) {
  const trpc = useTRPC();
  const kept = useQuery(trpc.endpoints.testEvent.queryOptions({ id: endpointId }));
  return (
    <Card title="Test send">
      {kept.data ? (
        <TestSendForm
          endpointId={endpointId}
          manage={manage}
          initialType={kept.data.type}
          initialData={kept.data.data}
          kept={kept.data.kept}
        />
      ) : kept.error ? (
        <p className="text-sm text-red-700">{kept.error.message}</p>
      ) : (
        <div role="status" aria-label="Loading" className="space-y-2">
          <Skeleton className="h-8 w-1/2" />
          <Skeleton className="h-40 w-full" />
        </div>
      )}
    </Card>
  );
}

function TestSendForm({
  endpointId,
  manage,
  initialType,
  initialData,
  kept,
}: {
  endpointId: string;
  manage: boolean;
  initialType: string;
  initialData: Record<string, unknown>;
  kept: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [type, setType] = useState(initialType);
  const [text, setText] = useState(() => JSON.stringify(initialData, null, 2));
  const parsed = parseObject(text);
  const send = useMutation(
    trpc.endpoints.sendTest.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({
            queryKey: trpc.endpoints.testEvent.queryKey({ id: endpointId }),
          }),
          queryClient.invalidateQueries({ queryKey: trpc.endpoints.recentDeliveries.pathKey() }),
        ]),
      onError: (error) => toast.error(error.message),
    }),
  );
  const errors = issuesByField(send.error?.data?.issues);

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if ("data" in parsed) send.mutate({ id: endpointId, type: type.trim(), data: parsed.data });
      }}
    >
      <p className="text-sm text-slate-600">
        Sends one signed event to this endpoint only (disabled or not).{" "}
        {kept
          ? "Prefilled with the last test sent to it."
          : "Prefilled with an example; what you send is kept for next time."}
      </p>
      <FormControl
        label="Event type"
        error={errors.type}
        hint={
          <>
            Default <code>switchyard.test</code>; any type, e.g. <code>claim.opened</code>.
          </>
        }
      >
        {(control) => (
          <input
            {...control}
            value={type}
            onChange={(event) => setType(event.target.value)}
            className={`${control.className} max-w-sm font-mono`}
            disabled={!manage}
          />
        )}
      </FormControl>
      <FormControl
        label="Payload"
        hint="The event's data: one JSON object, sent as the body's data field."
        error={"error" in parsed ? parsed.error : errors.data}
      >
        {(control) => (
          <textarea
            {...control}
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={Math.min(18, Math.max(6, text.split("\n").length + 1))}
            spellCheck={false}
            className={`${control.className} font-mono text-xs leading-relaxed`}
            disabled={!manage}
          />
        )}
      </FormControl>
      {manage ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={"error" in parsed || send.isPending}>
            {send.isPending ? "Sending…" : "Send test"}
          </Button>
          <Button
            variant="ghost"
            disabled={"error" in parsed}
            onClick={() => "data" in parsed && setText(JSON.stringify(parsed.data, null, 2))}
          >
            Format JSON
          </Button>
        </div>
      ) : (
        <p className="text-xs text-slate-500">Owners of the tenant can send tests.</p>
      )}
      {send.data && <TestResult deliveryId={send.data.deliveryId} />}
    </form>
  );
}

/** The test's delivery, polled until it has succeeded or failed. */
function TestResult({ deliveryId }: { deliveryId: string }) {
  const trpc = useTRPC();
  const delivery = useQuery({
    ...trpc.deliveries.get.queryOptions({ id: deliveryId }),
    refetchInterval: (query) =>
      query.state.data && query.state.data.status !== "pending" ? false : 1000,
  });
  const last = delivery.data?.attempts.at(-1);
  return (
    <section
      aria-label="Test result"
      aria-live="polite"
      className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
    >
      <span className="text-slate-600">Sent as </span>
      <Link
        href={`/deliveries/${deliveryId}`}
        className="font-mono text-xs text-indigo-700 hover:underline"
      >
        {deliveryId}
      </Link>{" "}
      {delivery.data ? (
        <StatusBadge status={delivery.data.status} />
      ) : (
        <StatusBadge status="pending" />
      )}
      {last && (
        <span className="ml-2 text-slate-600">
          {last.responseStatus !== null
            ? `HTTP ${last.responseStatus}`
            : (last.errorKind ?? "error")}{" "}
          in {last.durationMs} ms
          {last.error && <span className="text-red-700"> · {last.error}</span>}
        </span>
      )}
      {delivery.data?.status === "pending" && !last && (
        <span className="ml-2 text-slate-500">waiting for the first attempt…</span>
      )}
    </section>
  );
}

function parseObject(text: string): { data: Record<string, unknown> } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { error: 'The payload must be a JSON object, such as {"id": 1}.' };
    }
    return { data: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
}
