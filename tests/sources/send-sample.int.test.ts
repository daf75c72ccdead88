// `Send a sample` (console, POST /api/v1/sources/{id}/sample): a realistic webhook signed with
// the source's secret goes through the real ingest path, verification included, for every
// scheme; it stays inside the caller's tenant; the event it makes is processed and delivered.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantScope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import type { CreateSourceInput } from "@/domain/sources/schemas";
import { sendSample } from "@/domain/sources/send-sample";
import { updateSource } from "@/domain/sources/sources";
import { api, newApiEndpoint, ok, serveApiForTheseTests, tenantWithKey } from "../api/rest-kit";
import { appRunnerForTheseTests, newSource, newTenant, waitFor } from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

serveApiForTheseTests();
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
appRunnerForTheseTests();

const whsec = () => `whsec_${randomBytes(24).toString("base64")}`;
type Verification = NonNullable<CreateSourceInput["verification"]>;

const schemes: { name: string; verification: Verification; timestamped: boolean }[] = [
  { name: "none", verification: { scheme: "none" }, timestamped: false },
  {
    name: "shared_secret",
    verification: { scheme: "shared_secret", header: "x-webhook-token", secret: "s3cret" },
    timestamped: false,
  },
  { name: "bearer", verification: { scheme: "bearer", secret: "t0ken" }, timestamped: false },
  {
    name: "hmac_sha256 hex",
    verification: { scheme: "hmac_sha256", header: "x-sig", encoding: "hex", secret: "k" },
    timestamped: false,
  },
  { name: "github preset", verification: { preset: "github", secret: "gh" }, timestamped: false },
  { name: "shopify preset", verification: { preset: "shopify", secret: "sh" }, timestamped: false },
  {
    name: "standard_webhooks",
    verification: { scheme: "standard_webhooks", secret: whsec() },
    timestamped: true,
  },
  { name: "stripe", verification: { scheme: "stripe", secret: whsec() }, timestamped: true },
  { name: "slack", verification: { preset: "slack", secret: "sl" }, timestamped: true },
];

let tenantId: string;
beforeAll(async () => {
  tenantId = (await newTenant("sample")).id;
});

const inboundCount = (sourceId: string) => db.inboundRequest.count({ where: { sourceId } });

describe("Send a sample", () => {
  for (const { name, verification, timestamped } of schemes) {
    it(`${name}: the signed sample is verified and stored as a new event`, async () => {
      const source = await newSource(tenantId, "smp", {
        verification,
        idempotency: { from: "paths", paths: ["lead_id"] },
        eventType: { from: "path", path: "message.type" },
        subject: { from: "url" },
        required: ["lead_id", "updated_at"],
        timestamps: ["updated_at"],
      });
      const scope = tenantScope(tenantId);
      const first = await sendSample(scope, source.id);
      const second = await sendSample(scope, source.id);
      expect(first).toMatchObject({ status: "accepted", acceptedIds: [first.eventId] });
      expect(second.status).toBe("accepted");
      expect(second.eventId).not.toBe(first.eventId);

      const event = await db.event.findUniqueOrThrow({
        where: { id: first.eventId },
        include: { request: true, subject: true },
      });
      expect(event).toMatchObject({ tenantId, sourceId: source.id, type: "order.created" });
      expect(event.subject?.key).toMatch(/^ord_smp_/);
      // Stored as the provider sent it: its own user agent and the scheme's signature headers.
      const headers = event.request?.headers as Record<string, string>;
      expect(headers["user-agent"]).toBe("Switchyard-Sample/1.0");
      if (source.verification.scheme === "shared_secret")
        expect(headers["x-webhook-token"]).toBe("[redacted]");
      if (source.verification.scheme === "standard_webhooks")
        expect(headers["webhook-signature"]).toMatch(/^v1,/);

      if (timestamped) {
        // Signed ten minutes ago: refused like any replay, and nothing is stored.
        const before = await inboundCount(source.id);
        const stale = new Date(Date.now() - 10 * 60_000);
        await expect(sendSample(scope, source.id, stale)).rejects.toMatchObject({
          code: "signature_invalid",
        });
        expect(await inboundCount(source.id)).toBe(before);
      }
    });
  }

  it("is verified like any webhook: a source without its secret refuses the sample", async () => {
    const source = await newSource(tenantId, "nosecret", {
      verification: { scheme: "shared_secret", secret: "s3cret" },
    });
    await db.source.update({ where: { id: source.id }, data: { secretCiphertext: null } });
    await expect(sendSample(tenantScope(tenantId), source.id)).rejects.toMatchObject({
      code: "signature_invalid",
      message: "The source has no secret configured",
    });
    expect(await inboundCount(source.id)).toBe(0);
  });

  it("stays inside the caller's tenant: another tenant's source is not found", async () => {
    const source = await newSource(tenantId, "mine", {});
    const other = await newTenant("sample-other");
    const refused = sendSample(tenantScope(other.id), source.id);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: "not_found" });
    expect(await inboundCount(source.id)).toBe(0);
  });

  it("a disabled source takes no sample, as its ingest URL takes no webhook", async () => {
    const source = await newSource(tenantId, "off", {});
    await updateSource(tenantScope(tenantId), source.id, { enabled: false });
    await expect(sendSample(tenantScope(tenantId), source.id)).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("a sample too big for the source is refused with 413, as the webhook would be", async () => {
    const source = await newSource(tenantId, "tiny", { maxBodyBytes: 64 });
    await expect(sendSample(tenantScope(tenantId), source.id)).rejects.toMatchObject({
      code: "payload_too_large",
    });
  });
});

describe("POST /api/v1/sources/{id}/sample", () => {
  type Receiver = Awaited<ReturnType<typeof startReceiver>>;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
  });
  afterAll(() => receiver.stop());

  it("answers 202 with the event, which is processed and delivered; the audit log says who", async () => {
    const { tenant, key } = await tenantWithKey("sample-rest");
    const source = ok(
      await api("POST", "/sources", {
        key,
        body: {
          slug: `orders-${randomBytes(4).toString("hex")}`,
          name: "Orders",
          verification: { scheme: "standard_webhooks", secret: whsec() },
          idempotency: { from: "header", header: "webhook-id" },
          eventType: { from: "path", path: "type" },
        },
      }),
      201,
    );
    await newApiEndpoint(tenant.id, receiver.url, { eventTypes: ["order.*"] });

    const sent = ok(await api("POST", `/sources/${source.id}/sample`, { key }), 202);
    expect(sent).toEqual({ eventId: expect.stringMatching(/^evt_/), status: "accepted" });
    const delivered = await waitFor("the sample's delivery", async () => {
      const list = ok(await api("GET", `/deliveries?eventId=${sent.eventId}`, { key }));
      return list.items.find((d: { status: string }) => d.status === "succeeded");
    });
    expect(delivered).toBeTruthy();
    const body = JSON.parse(receiver.received.at(-1)?.body ?? "{}");
    expect(body).toMatchObject({ type: "order.created", data: { data: { total: 4200 } } });

    const audit = ok(await api("GET", `/audit-log?tenantId=${tenant.id}`, { key }));
    expect(audit.items[0]).toMatchObject({
      action: "source.sample_sent",
      target: { type: "source", id: source.id },
      actor: { type: "api_key" },
    });
  });

  it("another tenant's key gets 404 and sends nothing", async () => {
    const owner = await tenantWithKey("sample-owner");
    const stranger = await tenantWithKey("sample-stranger");
    const source = ok(
      await api("POST", "/sources", {
        key: owner.key,
        body: { slug: `own-${randomBytes(4).toString("hex")}`, name: "Own" },
      }),
      201,
    );
    const refused = await api("POST", `/sources/${source.id}/sample`, { key: stranger.key });
    expect(refused.status).toBe(404);
    expect(await inboundCount(source.id)).toBe(0);
  });
});
