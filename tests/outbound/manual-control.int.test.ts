import { describe, expect, it } from "vitest";
import { everyTenant, tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { getBulkRetry } from "@/domain/delivery/bulk-retry";
import { createEndpoint, updateEndpoint } from "@/domain/endpoints/endpoints";
import { bulkRetryDeliveries, publishAndHandOff, recoverEndpointSince } from "@/jobs/requests";
import { appRunnerForTheseTests, newTenant, waitFor } from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

// Bulk retry, endpoint recovery and per-endpoint rate limits, on the embedded runner.
process.env.DELIVERY_RETRY_SCHEDULE = "1s";
process.env.DELIVERY_TIMEOUT = "2s";
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";

appRunnerForTheseTests();

const deliveriesTo = (endpointId: string) =>
  db.delivery.findMany({
    where: { endpointId },
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
    orderBy: { createdAt: "asc" },
  });

async function publishMany(tenantId: string, count: number, type = "claim.opened") {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await publishAndHandOff(tenantScope(tenantId), { type, data: { n: i } })).id);
  }
  return ids;
}

/** Waits until every delivery to the endpoint has ended, and returns them. */
function settled(endpointId: string, count: number) {
  return waitFor(`${count} finished deliveries`, async () => {
    const deliveries = await deliveriesTo(endpointId);
    return deliveries.length === count && deliveries.every((d) => d.status !== "pending")
      ? deliveries
      : null;
  });
}

describe("bulk retry and recovery", () => {
  it("retries the failed deliveries of an endpoint in a time range, with progress", async () => {
    const tenant = await newTenant("bulk");
    let healthy = false;
    const receiver = await startReceiver(() => ({ status: healthy ? 200 : 500 }));
    const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    const before = await publishMany(tenant.id, 2);
    await settled(endpoint.id, 2);
    const from = new Date();
    await publishMany(tenant.id, 3);
    const failed = await settled(endpoint.id, 5);
    expect(failed.every((d) => d.status === "failed")).toBe(true);

    healthy = true;
    const bulk = await bulkRetryDeliveries(tenantScope(tenant.id), {
      endpointId: endpoint.id,
      from,
    });
    expect(bulk).toMatchObject({ total: 3, status: "running", kind: "bulk" });
    const done = await waitFor("the bulk retry to finish", async () => {
      const progress = await getBulkRetry(tenantScope(tenant.id), bulk.id);
      return progress.status === "completed" ? progress : null;
    });
    expect(done.done).toBe(3);

    const after = await waitFor("three retried deliveries", async () => {
      const deliveries = await deliveriesTo(endpoint.id);
      return deliveries.filter((d) => d.status === "succeeded").length === 3 ? deliveries : null;
    });
    // The two from before the range stay failed; the three in it succeeded on a manual attempt.
    for (const delivery of after) {
      const inRange = !before.includes(delivery.eventId);
      expect(delivery.status).toBe(inRange ? "succeeded" : "failed");
      if (inRange) expect(delivery.attempts.at(-1)?.trigger).toBe("manual");
    }
    await receiver.stop();
  });

  it("recovers an endpoint: everything that failed since a time is sent again", async () => {
    const tenant = await newTenant("recover");
    let healthy = false;
    const receiver = await startReceiver(() => ({ status: healthy ? 200 : 503 }));
    const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    await publishMany(tenant.id, 4);
    await settled(endpoint.id, 4);

    healthy = true;
    const recovery = await recoverEndpointSince(
      tenantScope(tenant.id),
      endpoint.id,
      new Date(Date.now() - 60_000),
    );
    expect(recovery).toMatchObject({ kind: "recover", total: 4 });
    const deliveries = await waitFor("the recovery", async () => {
      const found = await deliveriesTo(endpoint.id);
      return found.every((d) => d.status === "succeeded") ? found : null;
    });
    expect(deliveries).toHaveLength(4);
    await receiver.stop();
  });

  it("refuses to recover a disabled endpoint, and another tenant's endpoint is not found", async () => {
    const [tenant, stranger] = [await newTenant("recover-off"), await newTenant("stranger")];
    const endpoint = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: "http://127.0.0.1:9/x",
    });
    await expect(
      recoverEndpointSince(tenantScope(stranger.id), endpoint.id, new Date(0)),
    ).rejects.toMatchObject({ code: "not_found" });
    await updateEndpoint(everyTenant, endpoint.id, { enabled: false });
    await expect(
      recoverEndpointSince(tenantScope(tenant.id), endpoint.id, new Date(0)),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("per-endpoint rate limit", () => {
  it("spreads attempts so the endpoint never gets more than its limit per period", async () => {
    const tenant = await newTenant("rate");
    const receiver = await startReceiver();
    const endpoint = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: receiver.url,
      rateLimit: { limit: 2, period: "1s" },
    });
    await publishMany(tenant.id, 6);
    await waitFor("six deliveries", async () => receiver.received.length === 6, 30_000);

    // The limit counts fixed windows of one second, each opened by the first attempt after the
    // last one closed: none holds more than two requests (50 ms allowed for the trip).
    const times = receiver.received.map((r) => r.at).sort((a, b) => a - b);
    let opened = times[0] ?? 0;
    let inWindow = 0;
    for (const at of times) {
      if (at >= opened + 950) {
        opened = at;
        inWindow = 0;
      }
      inWindow++;
      expect(inWindow).toBeLessThanOrEqual(2);
    }
    expect((times[5] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1_900);
    // Waiting for a slot is not an attempt: each delivery took exactly one (recorded once the
    // endpoint has answered, so after the receiver saw it).
    const deliveries = await settled(endpoint.id, 6);
    expect(deliveries.map((d) => d.attempts.length)).toEqual([1, 1, 1, 1, 1, 1]);
    await receiver.stop();
  });
});
