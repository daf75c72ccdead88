import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { EventDetail } from "./types";

/** Each delivery of the event: to which endpoint, how it stands, and a link to its attempts. */
export function EventDeliveries({ event }: { event: EventDetail }) {
  if (event.deliveries.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        {event.status === "completed"
          ? "No endpoint of this tenant matched this event's type when it was processed."
          : event.status === "failed"
            ? "Processing failed before any delivery was made."
            : "Deliveries appear once the event is processed."}
      </p>
    );
  }
  return (
    <div className="-mx-5 -mb-5 overflow-x-auto border-t border-slate-100">
      <table aria-label="Deliveries" className="w-full text-left text-sm">
        <THead>
          <tr>
            <TH>Delivery</TH>
            <TH>Endpoint</TH>
            <TH>Status</TH>
            <TH className="text-right">Attempts</TH>
            <TH>Next attempt</TH>
          </tr>
        </THead>
        <TBody>
          {event.deliveries.map((delivery) => (
            <TR key={delivery.id}>
              <TD>
                <Link
                  href={`/deliveries/${delivery.id}`}
                  className="font-mono text-xs font-medium text-indigo-700 hover:underline"
                >
                  {delivery.id}
                </Link>
              </TD>
              <TD className="max-w-80 truncate font-mono text-xs" title={delivery.endpointUrl}>
                {delivery.endpointUrl}
              </TD>
              <TD>
                <StatusBadge status={delivery.status} />
              </TD>
              <TD className="text-right tabular-nums">{delivery.attemptCount}</TD>
              <TD className="text-slate-500">
                {delivery.status === "pending" ? <Time value={delivery.nextAttemptAt} /> : "—"}
              </TD>
            </TR>
          ))}
        </TBody>
      </table>
    </div>
  );
}
