import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { SENDS_AT_ONCE } from "@/domain/delivery/attempt";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { ingest } from "@/domain/ingest/ingest";
import { findEnabledSourceBySlug } from "@/domain/sources/sources";
import { EMBEDDED_RUNNER_WORKERS } from "@/jobs/functions";
import { DELIVERY_BATCHES_PER_ENDPOINT, DELIVERY_RUNS_PER_TENANT } from "@/jobs/functions/deliver";
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

describe("fairness between tenants", () => {
  it("a tenant whose endpoints all hang holds at most its share of the workers", async () => {
    const stuck = await newTenant("stuck");
    const other = await newTenant("other");
    // Six endpoints answering after 3 s: two runs each would want 12 workers.
    const hanging = await startReceiver(() => ({ status: 200, delayMs: 3_000 }));
    for (let i = 0; i < 6; i++) {
      await createEndpoint(everyTenant, {
        tenantId: stuck.id,
        url: `${hanging.url}?endpoint=${i}`,
        eventTypes: ["report.*"],
      });
    }
    const fast = await startReceiver();
    await createEndpoint(everyTenant, { tenantId: other.id, url: fast.url, eventTypes: ["*"] });

    const created = await newSource(stuck.id, uniqueSlug("stuck"), {
      eventType: { from: "path", path: "type" },
      batch: true,
    });
    const source = await findEnabledSourceBySlug(created.slug);
    if (!source) throw new Error("source missing");
    const reports = Array.from({ length: 60 }, (_, n) => ({ type: "report.ready", n }));
    const { acceptedIds } = await ingest(source, {
      contentType: "application/json",
      rawBody: Buffer.from(JSON.stringify(reports)),
      headers: {},
    });
    await handOffEvents(acceptedIds);

    let mostLeased = 0;
    const leasedNow = async () => {
      const [row] = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "JobRun"
        WHERE "sharedKey" = ${`deliveries:${stuck.id}`} AND "leaseUntil" > now()
          AND status IN ('queued', 'running', 'waiting')`;
      mostLeased = Math.max(mostLeased, row?.n ?? 0);
      return row?.n ?? 0;
    };
    await waitFor(
      "the stuck tenant's share to fill",
      async () => (await leasedNow()) >= DELIVERY_RUNS_PER_TENANT,
    );

    const sentAt = Date.now();
    await publishThroughSource(other.id, "payment.captured", { amount: 42 });
    const sampling = setInterval(() => void leasedNow(), 100);
    await waitFor("the other tenant's delivery", async () => fast.received.length === 1);
    const waitedMs = (fast.received[0]?.at ?? Number.POSITIVE_INFINITY) - sentAt;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(sampling);

    expect(mostLeased).toBe(DELIVERY_RUNS_PER_TENANT);
    expect(waitedMs).toBeLessThan(2_000);
    await fast.stop();
    await hanging.stop();
  });
});
