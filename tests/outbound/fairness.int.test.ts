import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { SENDS_AT_ONCE } from "@/domain/delivery/attempt";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { ingest } from "@/domain/ingest/ingest";
import { findEnabledSourceBySlug } from "@/domain/sources/sources";
import { EMBEDDED_RUNNER_WORKERS } from "@/jobs/functions";
import { DELIVERY_BATCHES_PER_ENDPOINT } from "@/jobs/functions/deliver";
import { handOffEvents } from "@/jobs/hand-off";
import {
  appRunnerForTheseTests,
  newSource,
  newTenant,
  publishThroughSource,
  uniqueSlug,
  waitFor,
} from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
process.env.DELIVERY_TIMEOUT = "5s";

appRunnerForTheseTests({ concurrency: EMBEDDED_RUNNER_WORKERS });

/** Deliveries queued to the slow endpoint: at 1 s an answer, far more than the workers hold. */
const BACKLOG = 400;

describe("fairness between endpoints", () => {
  it("a saturated endpoint does not delay another endpoint's deliveries", async () => {
    const tenant = await newTenant("fair");
    let inFlight = 0;
    let mostInFlight = 0;
    const slow = await startReceiver(() => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => inFlight--, 1_000);
      return { status: 200, delayMs: 1_000 };
    });
    const fast = await startReceiver();
    await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: slow.url,
      eventTypes: ["report.*"],
    });
    await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: fast.url,
      eventTypes: ["payment.*"],
    });

    // The backlog, in one batch webhook, as a busy provider would send it.
    const created = await newSource(tenant.id, uniqueSlug("reports"), {
      eventType: { from: "path", path: "type" },
      batch: true,
    });
    const source = await findEnabledSourceBySlug(created.slug);
    if (!source) throw new Error("source missing");
    const reports = Array.from({ length: BACKLOG }, (_, n) => ({ type: "report.ready", n }));
    const { acceptedIds } = await ingest(source, {
      contentType: "application/json",
      rawBody: Buffer.from(JSON.stringify(reports)),
      headers: {},
    });
    await handOffEvents(acceptedIds);
    await waitFor("the slow endpoint to be saturated", async () => slow.received.length >= 10);

    const sentAt = Date.now();
    await publishThroughSource(tenant.id, "payment.captured", { amount: 42 });
    await waitFor("the other endpoint's delivery", async () => fast.received.length === 1);
    const waitedMs = (fast.received[0]?.at ?? Number.POSITIVE_INFINITY) - sentAt;

    // Queued behind the backlog it would wait BACKLOG s / requests in flight: 20 s and more.
    expect(waitedMs).toBeLessThan(2_000);
    // The slow endpoint is still at work and kept to its share.
    expect(slow.received.length).toBeLessThan(BACKLOG);
    expect(mostInFlight).toBeLessThanOrEqual(DELIVERY_BATCHES_PER_ENDPOINT * SENDS_AT_ONCE);
    await fast.stop();
    await slow.stop();
  });
});
