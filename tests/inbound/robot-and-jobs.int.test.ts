// USE-CASES stories 3 and 4, inbound side. Warehouse robot callbacks: shared secret, one
// callback per order, a repeated callback acknowledged and ignored. AI job providers:
// /api/webhooks/{provider}/{jobId} puts the job id from the path on the event's subject,
// bearer auth, a rate limit (429 with Retry-After) and a body size limit (413).
import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import {
  newSource,
  postWebhook,
  randomSuffix,
  storedFor,
  webhookServerForTheseTests,
} from "../support/inbound-kit";

const inbound = webhookServerForTheseTests("ops");

describe("warehouse robot callbacks (story 3)", () => {
  const ROBOT_KEY = "robot-callback-key";
  const robotSource = () =>
    newSource(inbound.tenantId, "robot", {
      name: "Warehouse robots",
      verification: { scheme: "shared_secret", header: "X-Robot-Key", secret: ROBOT_KEY },
      idempotency: { from: "paths", paths: ["batch_id", "order_id"] },
      eventType: { fixed: "robot.order.result" },
      subject: { from: "path", path: "batch_id" },
      required: ["batch_id", "order_id", "result"],
    });

  it("stores one callback per order; a repeated callback is acknowledged and ignored", async () => {
    const source = await robotSource();
    const batchId = `batch-${randomSuffix()}`;
    const orders = ["o-1", "o-2", "o-3"];
    const callback = (orderId: string, result: string) => ({
      batch_id: batchId,
      order_id: orderId,
      result,
      ...(result === "error" ? { error: "gripper jam" } : { bin: "B-12" }),
    });
    // The robot calls back concurrently, once per order.
    const replies = await Promise.all(
      orders.map((orderId, i) =>
        postWebhook(inbound.url, source.slug, callback(orderId, i === 1 ? "error" : "success"), {
          "x-robot-key": ROBOT_KEY,
        }),
      ),
    );
    for (const reply of replies) {
      expect(reply.status, reply.text).toBe(202);
      expect(reply.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    }

    // o-2 again, now claiming success: acknowledged (2xx, so the robot stops retrying), ignored.
    const repeated = await postWebhook(inbound.url, source.slug, callback("o-2", "success"), {
      "x-robot-key": ROBOT_KEY,
    });
    expect(repeated.status, repeated.text).toBe(202);
    expect(repeated.body).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: 0,
      events: [{ id: replies[1]?.body.events?.[0]?.id, status: "duplicate" }],
    });

    const events = await db.event.findMany({
      where: { sourceId: source.id },
      include: { subject: true },
    });
    expect(events).toHaveLength(3);
    const byOrder = new Map(
      events.map((event) => [(event.payload as { order_id: string }).order_id, event]),
    );
    expect([...byOrder.keys()].sort()).toEqual(orders);
    // The stored (first) result is the truth.
    expect(byOrder.get("o-2")?.payload).toMatchObject({ result: "error", error: "gripper jam" });
    // All callbacks of the batch on one subject.
    expect(new Set(events.map((event) => event.subject?.key))).toEqual(new Set([batchId]));
    expect(await storedFor(source.id)).toEqual({ events: 3, requests: 4 });
  });

  it("refuses a missing or wrong robot key (401), storing nothing", async () => {
    const source = await robotSource();
    const body = { batch_id: "b", order_id: "o", result: "success" };
    for (const headers of [{}, { "x-robot-key": "nope" }, { "x-webhook-token": ROBOT_KEY }]) {
      const reply = await postWebhook(inbound.url, source.slug, body, headers);
      expect(reply.status, reply.text).toBe(401);
      expect(reply.body.error?.code).toBe("signature_invalid");
    }
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 0 });
  });
});

describe("AI job provider callbacks (story 4)", () => {
  const TOKEN = "provider-bearer-token";
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const jobSource = (fields: Parameters<typeof newSource>[2] = {}) =>
    newSource(inbound.tenantId, "imagegen", {
      name: "Image generation provider",
      verification: { scheme: "bearer", secret: TOKEN },
      eventType: { from: "path", path: "status" },
      subject: { from: "url" },
      ...fields,
    });

  it("takes the job id from /api/webhooks/{provider}/{jobId} as the event's subject", async () => {
    const source = await jobSource();
    const jobId = `job_${randomSuffix()}`;
    const progress = await postWebhook(
      inbound.url,
      `${source.slug}/${jobId}`,
      { status: "processing", progress: 40 },
      bearer,
    );
    expect(progress.status, progress.text).toBe(202);
    const done = await postWebhook(
      inbound.url,
      `${source.slug}/${jobId}`,
      { status: "completed", progress: 100, result: { url: "https://cdn.example/x.png" } },
      bearer,
    );
    expect(done.status, done.text).toBe(202);

    const subject = await db.subject.findUniqueOrThrow({
      where: { tenantId_key: { tenantId: inbound.tenantId, key: jobId } },
      include: { events: { orderBy: { receivedAt: "asc" } } },
    });
    expect(subject.sourceId).toBe(source.id);
    expect(subject.events.map((event) => event.id)).toEqual([
      progress.body.events?.[0]?.id,
      done.body.events?.[0]?.id,
    ]);
    expect(subject.events.map((event) => event.type)).toEqual(["processing", "completed"]);

    // A percent-encoded job id is decoded before it becomes the subject.
    const encoded = await postWebhook(
      inbound.url,
      `${source.slug}/${encodeURIComponent("job 7/β")}`,
      { status: "processing", progress: 5 },
      bearer,
    );
    expect(encoded.status, encoded.text).toBe(202);
    const row = await db.event.findUniqueOrThrow({
      where: { id: encoded.body.events?.[0]?.id ?? "" },
      include: { subject: true },
    });
    expect(row.subject?.key).toBe("job 7/β");
  });

  it("rejects a callback without the job id in the path (400), and a deeper path (404)", async () => {
    const source = await jobSource();
    const noJob = await postWebhook(inbound.url, source.slug, { status: "processing" }, bearer);
    expect(noJob.status, noJob.text).toBe(400);
    expect(noJob.body).toMatchObject({
      rejected: 1,
      events: [{ status: "rejected", error: expect.stringMatching(/subject/i) }],
      error: { code: "all_rejected" },
    });
    const deeper = await postWebhook(
      inbound.url,
      `${source.slug}/job-1/extra`,
      { status: "processing" },
      bearer,
    );
    expect(deeper.status, deeper.text).toBe(404);
    expect(deeper.body.error?.code).toBe("source_not_found");
    expect((await storedFor(source.id)).events).toBe(0);
  });

  it("requires the bearer token (401 when missing or wrong)", async () => {
    const source = await jobSource();
    const path = `${source.slug}/job-${randomSuffix()}`;
    for (const headers of [
      {},
      { authorization: "Bearer wrong-token" },
      { authorization: TOKEN },
      { authorization: `Token ${TOKEN}` },
    ]) {
      const reply = await postWebhook(inbound.url, path, { status: "processing" }, headers);
      expect(reply.status, reply.text).toBe(401);
      expect(reply.body.error?.code).toBe("signature_invalid");
    }
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 0 });
    // The token itself is never stored.
    const ok = await postWebhook(inbound.url, path, { status: "processing" }, bearer);
    expect(ok.status, ok.text).toBe(202);
    const request = await db.inboundRequest.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(JSON.stringify(request.headers)).not.toContain(TOKEN);
  });

  it("over the rate limit: the 3rd request within the period gets 429 with Retry-After", async () => {
    const source = await jobSource({ rateLimit: { limit: 2, period: "10s" } });
    const jobId = `job-${randomSuffix()}`;
    const post = (n: number) =>
      postWebhook(
        inbound.url,
        `${source.slug}/${jobId}`,
        { status: "processing", progress: n },
        bearer,
      );
    const first = await post(10);
    const second = await post(20);
    expect([first.status, second.status]).toEqual([202, 202]);

    const third = await post(30);
    expect(third.status, third.text).toBe(429);
    expect(third.body).toEqual({ error: { code: "rate_limited", message: expect.any(String) } });
    const retryAfter = Number(third.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    // The refused request stored nothing.
    expect(await storedFor(source.id)).toEqual({ events: 2, requests: 2 });

    // The limit is per source: another source is not affected.
    const other = await jobSource({ rateLimit: { limit: 2, period: "10s" } });
    const elsewhere = await postWebhook(
      inbound.url,
      `${other.slug}/${jobId}`,
      { status: "processing", progress: 30 },
      bearer,
    );
    expect(elsewhere.status, elsewhere.text).toBe(202);
  });

  it("spends the rate limit only on signed requests: an unsigned flood cannot lock the provider out", async () => {
    const source = await jobSource({ rateLimit: { limit: 2, period: "10s" } });
    const path = `${source.slug}/job-${randomSuffix()}`;
    for (let i = 0; i < 5; i++) {
      const forged = await postWebhook(
        inbound.url,
        path,
        { status: "processing" },
        {
          authorization: "Bearer forged",
        },
      );
      expect(forged.status, forged.text).toBe(401);
    }
    const real = await postWebhook(inbound.url, path, { status: "processing" }, bearer);
    expect(real.status, real.text).toBe(202);
  });

  it("refuses a body over the source's maxBodyBytes with 413, storing nothing", async () => {
    const source = await jobSource({ maxBodyBytes: 512 });
    const path = `${source.slug}/job-${randomSuffix()}`;
    const small = await postWebhook(
      inbound.url,
      path,
      { status: "processing", log: "x".repeat(400) },
      bearer,
    );
    expect(small.status, small.text).toBe(202);
    const large = await postWebhook(
      inbound.url,
      path,
      { status: "processing", log: "x".repeat(600) },
      bearer,
    );
    expect(large.status, large.text).toBe(413);
    expect(large.body).toEqual({
      error: { code: "payload_too_large", message: expect.any(String) },
    });
    expect(await storedFor(source.id)).toEqual({ events: 1, requests: 1 });
  });
});
