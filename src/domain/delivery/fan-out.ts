import { sqlPool } from "@/domain/db";
import { matchesEventType, matchesFilter } from "@/domain/endpoints/matching";
import { payloadFilter } from "@/domain/endpoints/schemas";
import { newId } from "@/lib/ids";

export interface PlannedDelivery {
  deliveryId: string;
  endpointId: string;
  tenantId: string;
  trigger: "schedule" | "replay";
}

/**
 * One delivery per enabled endpoint of each event's tenant whose patterns and filter match,
 * for many events in three statements (on the processing path: plain pg). The (event,
 * endpoint) unique index makes a repeated fan-out create nothing twice; the pending
 * deliveries of the events are returned either way, for delivery runs to be started.
 */
export async function planDeliveries(eventIds: string[]): Promise<PlannedDelivery[]> {
  if (eventIds.length === 0) return [];
  const pool = sqlPool();
  const { rows: events } = await pool.query<{
    id: string;
    tenantId: string;
    type: string;
    payload: unknown;
    origin: string;
  }>(`SELECT id, "tenantId", type, payload, origin FROM "Event" WHERE id = ANY($1)`, [eventIds]);
  const planned = matchEndpoints(
    events,
    await enabledEndpoints(events.map((event) => event.tenantId)),
  );
  // What this statement adds is not yet visible to its own read: both halves are returned.
  const { rows } = await pool.query<{
    id: string;
    eventId: string;
    endpointId: string;
    tenantId: string;
  }>(
    `WITH added AS (
       INSERT INTO "Delivery" (id, "tenantId", "eventId", "endpointId", "nextAttemptAt", "updatedAt")
       SELECT d.id, d."tenantId", d."eventId", d."endpointId", now(), now()
       FROM jsonb_to_recordset($1::jsonb) AS d(id text, "tenantId" text, "eventId" text, "endpointId" text)
       ON CONFLICT ("eventId", "endpointId") DO NOTHING
       RETURNING id, "eventId", "endpointId", "tenantId"
     )
     SELECT id, "eventId", "endpointId", "tenantId" FROM added
     UNION
     SELECT id, "eventId", "endpointId", "tenantId" FROM "Delivery"
     WHERE "eventId" = ANY($2) AND status = 'pending'`,
    [JSON.stringify(planned), eventIds],
  );
  // A replay's first attempts say so in the attempt log.
  const replays = new Set(events.filter((e) => e.origin === "replay").map((e) => e.id));
  return rows.map((row) => ({
    deliveryId: row.id,
    endpointId: row.endpointId,
    tenantId: row.tenantId,
    trigger: replays.has(row.eventId) ? "replay" : "schedule",
  }));
}

/** An enabled endpoint, with what decides which events it gets. */
export interface EndpointSubscription {
  id: string;
  tenantId: string;
  eventTypes: string[];
  filter: Record<string, unknown> | null;
}

/** The enabled endpoints of these tenants, in one statement. */
export async function enabledEndpoints(tenantIds: string[]): Promise<EndpointSubscription[]> {
  const { rows } = await sqlPool().query<{
    id: string;
    tenantId: string;
    eventTypes: string[];
    filter: unknown;
  }>(
    `SELECT id, "tenantId", "eventTypes", filter FROM "Endpoint" WHERE "tenantId" = ANY($1) AND enabled`,
    [[...new Set(tenantIds)]],
  );
  return rows.map((row) => ({
    ...row,
    filter: row.filter === null ? null : payloadFilter.parse(row.filter),
  }));
}

/** A delivery per event and endpoint of its tenant whose patterns and filter match it. */
export function matchEndpoints(
  events: { id: string; tenantId: string; type: string; payload: unknown }[],
  endpoints: EndpointSubscription[],
): { id: string; tenantId: string; eventId: string; endpointId: string }[] {
  return events.flatMap((event) =>
    endpoints
      .filter(
        (endpoint) =>
          endpoint.tenantId === event.tenantId &&
          matchesEventType(endpoint.eventTypes, event.type) &&
          matchesFilter(endpoint.filter, event.payload),
      )
      .map((endpoint) => ({
        id: newId("delivery"),
        tenantId: event.tenantId,
        eventId: event.id,
        endpointId: endpoint.id,
      })),
  );
}
