"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import { StatusBadge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago } from "@/components/ui/time";
import type { deliveryRowOut } from "@/domain/delivery/schemas";
import { NextAttempt } from "./next-attempt";
import { ResponseCode } from "./response-code";

type Row = z.output<typeof deliveryRowOut>;

/** One row per delivery; the row (and its first cell's link) opens the delivery. */
export function DeliveriesTable({ items }: { items: Row[] }) {
  const router = useRouter();
  return (
    <Table aria-label="Deliveries">
      <THead>
        <tr>
          <TH>Created</TH>
          <TH>Status</TH>
          <TH>Endpoint</TH>
          <TH>Event type</TH>
          <TH className="text-right">Attempts</TH>
          <TH>Next attempt</TH>
          <TH>Last response</TH>
        </tr>
      </THead>
      <TBody>
        {items.map((delivery) => (
          <TR
            key={delivery.id}
            className="cursor-pointer"
            onClick={(event) => {
              // Links inside the row (the event) go where they point, not to the delivery.
              if ((event.target as HTMLElement).closest("a")) return;
              router.push(`/deliveries/${delivery.id}`);
            }}
          >
            <TD className="whitespace-nowrap">
              <Link
                href={`/deliveries/${delivery.id}`}
                className="relative inline-block font-medium text-slate-800 hover:text-indigo-700 hover:underline"
                prefetch={false}
              >
                <span className="sr-only">Delivery {delivery.id}, created </span>
                <Ago value={delivery.createdAt} />
              </Link>
            </TD>
            <TD>
              <StatusBadge status={delivery.status} />
            </TD>
            <TD className="max-w-72">
              <span className="block truncate font-mono text-xs" title={delivery.endpointUrl}>
                {delivery.endpointUrl}
              </span>
            </TD>
            <TD>
              <Link
                href={`/events/${delivery.eventId}`}
                className="font-mono text-xs text-indigo-700 hover:underline"
                prefetch={false}
              >
                {delivery.eventType}
              </Link>
            </TD>
            <TD className="text-right tabular-nums">{delivery.attemptCount}</TD>
            <TD className="whitespace-nowrap text-slate-600">
              {delivery.status === "pending" ? (
                <NextAttempt at={delivery.nextAttemptAt} />
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </TD>
            <TD>
              <ResponseCode
                status={delivery.lastResponseStatus}
                errorKind={delivery.lastErrorKind}
              />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
