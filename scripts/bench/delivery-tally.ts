// bench:delivery's bookkeeping: when each event was sent, and what the receivers got for it.
// An event's bench id ("burst-17") names its phase; the receivers check and count every request.
import type { Webhook } from "standardwebhooks";
import type { ReceivedRequest } from "../../tests/support/receiver";

export interface Phase {
  name: string;
  /** How many endpoints subscribe to this phase's event type. */
  endpointsPerEvent: number;
  /** Bench id -> when its inbound POST was sent. */
  sentAt: Map<string, number>;
  rejected: number;
  /** "endpoint:webhook-id" of every delivery received at least once. */
  received: Set<string>;
  /** Requests beyond the first for one endpoint and webhook-id. */
  duplicates: number;
  badSignatures: number;
  /** Inbound POST sent -> first signed request received, per delivery. */
  latencies: number[];
  /** When each first receipt arrived. */
  arrivals: number[];
  start: number;
  lastDeliveryAt: number;
}

export interface PhaseFigures {
  accepted: number;
  delivered: number;
  expected: number;
  duplicates: number;
  badSignatures: number;
  /** Deliveries per second, first POST of the phase to the last delivery received. */
  perSecond: number;
  /** Null when not every delivery came within the wait limit. */
  drainSeconds: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

const phases = new Map<string, Phase>();
let strayRequests = 0;

export function newPhase(name: string, endpointsPerEvent: number): Phase {
  const phase: Phase = {
    ...{ name, endpointsPerEvent, sentAt: new Map(), rejected: 0, received: new Set() },
    ...{ duplicates: 0, badSignatures: 0, latencies: [], arrivals: [] },
    ...{ start: Date.now(), lastDeliveryAt: 0 },
  };
  phases.set(name, phase);
  return phase;
}

export function verified(webhook: Webhook | undefined, request: ReceivedRequest): boolean {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, `${v}`]));
  try {
    webhook?.verify(request.body, headers);
    return webhook !== undefined;
  } catch {
    return false;
  }
}

/** A receiver's request: checked, placed in its phase, timed once per endpoint and webhook-id. */
export function recordDelivery(
  endpoint: string,
  webhook: Webhook | undefined,
  request: ReceivedRequest,
): void {
  let benchId = "";
  try {
    benchId = String((JSON.parse(request.body) as { data?: { benchId?: string } }).data?.benchId);
  } catch {} // not ours (a body that is not JSON): counted as stray below
  const phase = phases.get(benchId.split("-")[0] ?? "");
  const sentAt = phase?.sentAt.get(benchId);
  if (!phase || sentAt === undefined) {
    strayRequests++;
    return;
  }
  if (!verified(webhook, request)) phase.badSignatures++;
  const key = `${endpoint}:${request.headers["webhook-id"] ?? benchId}`;
  if (phase.received.has(key)) {
    phase.duplicates++;
    return;
  }
  phase.received.add(key);
  phase.latencies.push(request.at - sentAt);
  phase.arrivals.push(request.at);
  phase.lastDeliveryAt = Math.max(phase.lastDeliveryAt, request.at);
}

/** Requests that belonged to no phase (no bench id, or one never sent). */
export const strays = () => strayRequests;

export function expectedDeliveries(phase: Phase): number {
  return (phase.sentAt.size - phase.rejected) * phase.endpointsPerEvent;
}

/** Until every accepted event reached its endpoints, or the time limit (reported, not thrown). */
export async function waitForDeliveries(phase: Phase, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (phase.received.size < expectedDeliveries(phase) && Date.now() < deadline) await sleep(50);
  if (phase.received.size < expectedDeliveries(phase)) {
    console.warn(
      `${phase.name}: timed out with ${phase.received.size} of ${expectedDeliveries(phase)} deliveries`,
    );
  }
}

export function figures(phase: Phase): PhaseFigures {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const expected = expectedDeliveries(phase);
  const drainMs = phase.lastDeliveryAt ? phase.lastDeliveryAt - phase.start : 0;
  return {
    accepted: phase.sentAt.size - phase.rejected,
    delivered: phase.received.size,
    expected,
    duplicates: phase.duplicates,
    badSignatures: phase.badSignatures,
    // Without every delivery the phase never drained: the rate is of those that came.
    perSecond: drainMs > 0 ? phase.received.size / (drainMs / 1000) : 0,
    drainSeconds: phase.received.size < expected ? null : drainMs / 1000,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? null,
  };
}

function percentile(sorted: number[], q: number): number | null {
  return sorted.length ? (sorted[Math.ceil(q * sorted.length) - 1] ?? null) : null;
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
