"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Ago, Time } from "@/components/ui/time";
import { useTRPC } from "@/trpc/react";
import { recentDeliveriesOf } from "./query-inputs";

/** The newest deliveries to this endpoint, each with its last attempt; fresh every 5 s. */
export function RecentDeliveries({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    ...trpc.endpoints.recentDeliveries.queryOptions(recentDeliveriesOf(endpointId)),
    refetchInterval: 5_000,
  });
  // When a delivery is new or finishes, the 24 h counts beside it follow at once.
  const statuses = deliveries.data?.items.map((d) => `${d.id}:${d.status}`).join(",");
  const seen = useRef(statuses);
  useEffect(() => {
    if (statuses === undefined || statuses === seen.current) return;
    seen.current = statuses;
    void queryClient.invalidateQueries({
      queryKey: trpc.endpoints.activity.queryKey({ endpointId }),
    });
  }, [statuses, endpointId, queryClient, trpc]);
  const all = `/deliveries?endpointId=${encodeURIComponent(endpointId)}`;
  return (
    <Card title="Recent deliveries">
      {deliveries.isPending ? (
        <TableSkeleton rows={4} />
      ) : !deliveries.data ? (
        <p className="text-sm text-red-700">{deliveries.error?.message}</p>
      ) : deliveries.data.items.length === 0 ? (
        <EmptyState title="No deliveries yet">
          Events whose type matches this endpoint's patterns appear here as they are delivered. Try
          a test send above.
        </EmptyState>
      ) : (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">
                  Delivery
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Event type
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Last attempt
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Next attempt
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Created
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.data.items.map((delivery) => {
                const last = delivery.lastAttempt;
                return (
                  <tr key={delivery.id} className="hover:bg-slate-50/60">
                    <td className="px-5 py-2">
                      <Link
                        href={`/deliveries/${delivery.id}`}
                        className="font-mono text-xs text-indigo-700 hover:underline"
                      >
                        {delivery.id}
                      </Link>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{delivery.eventType}</td>
                    <td className="px-3 py-2">
                      <StatusBadge status={delivery.status} />
                    </td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-600">
                      {last ? (
                        <>
                          #{last.attemptNumber} ·{" "}
                          <span
                            className={
                              last.responseStatus !== null &&
                              last.responseStatus >= 200 &&
                              last.responseStatus < 300
                                ? "text-emerald-700"
                                : "text-red-700"
                            }
                          >
                            {last.responseStatus ?? last.errorKind ?? "error"}
                          </span>{" "}
                          · {last.durationMs} ms · {last.trigger}
                        </>
                      ) : (
                        "none yet"
                      )}
                    </td>
                    <td className="px-3 py-2 text-xs text-slate-600">
                      {delivery.status === "pending" && delivery.nextAttemptAt ? (
                        <Time value={delivery.nextAttemptAt} />
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="px-5 py-2 text-xs text-slate-600">
                      <Ago value={delivery.createdAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-3 text-sm">
        <Link href={all} className="font-medium text-indigo-600 hover:underline">
          All deliveries to this endpoint
        </Link>
      </p>
    </Card>
  );
}
