import { Counter, Histogram, Registry } from "prom-client";

/** Inbound webhooks, all answered by the main thread's HTTP server. */
export const webhookRegistry = new Registry();

const requests = new Counter({
  name: "switchyard_webhook_requests_total",
  help: "Webhook requests by source slug and HTTP status",
  labelNames: ["source", "status"],
  registers: [webhookRegistry],
});
const requestSeconds = new Histogram({
  name: "switchyard_webhook_request_duration_seconds",
  help: "Time to answer a webhook request, by source slug and HTTP status",
  labelNames: ["source", "status"],
  registers: [webhookRegistry],
});
const events = new Counter({
  name: "switchyard_webhook_events_total",
  help: "Events of webhook requests by source slug and outcome (accepted, duplicate, rejected)",
  labelNames: ["source", "outcome"],
  registers: [webhookRegistry],
});

/** A slug never has parentheses: requests to unknown slugs share this label, not one each. */
export const UNKNOWN_SOURCE = "(unknown)";

type Child<T extends Counter | Histogram> = ReturnType<T["labels"]>;
interface SourceChildren {
  accepted: Child<Counter>;
  duplicate: Child<Counter>;
  rejected: Child<Counter>;
  byStatus: Map<number, { requests: Child<Counter>; seconds: Child<Histogram> }>;
}
// The hot path looks children up by slug and status here instead of hashing labels each time.
const bySource = new Map<string, SourceChildren>();

function childrenOf(source: string): SourceChildren {
  let children = bySource.get(source);
  if (!children) {
    children = {
      accepted: events.labels(source, "accepted"),
      duplicate: events.labels(source, "duplicate"),
      rejected: events.labels(source, "rejected"),
      byStatus: new Map(),
    };
    bySource.set(source, children);
  }
  return children;
}

/** Counts one answered webhook request that began at `startedAt` (process.hrtime.bigint()). */
export function webhookAnswered(
  source: string,
  status: number,
  startedAt: bigint,
  summary?: { accepted: number; duplicates: number; rejected: number },
): void {
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const children = childrenOf(source);
  let answered = children.byStatus.get(status);
  if (!answered) {
    const labels = [source, String(status)];
    answered = { requests: requests.labels(...labels), seconds: requestSeconds.labels(...labels) };
    children.byStatus.set(status, answered);
  }
  answered.requests.inc();
  answered.seconds.observe(seconds);
  if (!summary) return;
  if (summary.accepted > 0) children.accepted.inc(summary.accepted);
  if (summary.duplicates > 0) children.duplicate.inc(summary.duplicates);
  if (summary.rejected > 0) children.rejected.inc(summary.rejected);
}
