// Concurrency and hostile input at the webhook endpoint: 50 concurrent copies of one webhook
// make exactly one event; every kind of bad request gets the right 4xx with the error shape
// and stores nothing (no Event, no InboundRequest); form-encoded bodies are accepted.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { updateSource } from "@/domain/sources/sources";
import {
  newSource,
  postStreamed,
  postWebhook,
  randomSuffix,
  sleep,
  storedFor,
  storedInTotal,
  type WebhookReply,
  webhookServerForTheseTests,
} from "../support/inbound-kit";

const inbound = webhookServerForTheseTests("bad-input");

/** The error shape of PRODUCT.md, and nothing else (no summary, no stack trace). */
function expectError(reply: WebhookReply, status: number, code: string | RegExp) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  expect(reply.body).toEqual({
    error: { code: expect.stringMatching(code), message: expect.any(String) },
  });
  expect(reply.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

/** Runs `send`, then checks that the source (and the database) stored nothing new. */
async function storesNothing(sourceId: string, send: () => Promise<void>) {
  const before = await storedFor(sourceId);
  const totalBefore = await storedInTotal();
  await send();
  expect(await storedFor(sourceId)).toEqual(before);
  expect(await storedInTotal()).toEqual(totalBefore);
}

describe("concurrent copies of one webhook", () => {
  it("50 concurrent copies with one idempotency key make exactly one event", async () => {
    const source = await newSource(inbound.tenantId, "burst", {
      idempotency: { from: "header", header: "webhook-id" },
    });
    const body = JSON.stringify({ type: "invoice.paid", amount: 4200 });
    const headers = { "webhook-id": `msg_${randomSuffix()}` };
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => postWebhook(inbound.url, source.slug, body, headers)),
    );
    for (const reply of replies) {
      expect(reply.status, reply.text).toBe(202);
      expect(reply.body.rejected).toBe(0);
      expect((reply.body.accepted ?? 0) + (reply.body.duplicates ?? 0)).toBe(1);
    }
    const accepted = replies.filter((reply) => reply.body.accepted === 1);
    expect(accepted).toHaveLength(1);
    expect(replies.filter((reply) => reply.body.duplicates === 1)).toHaveLength(49);

    const events = await db.event.findMany({ where: { sourceId: source.id } });
    expect(events).toHaveLength(1);
    // Every answer names the one event that was kept.
    const ids = new Set(replies.map((reply) => reply.body.events?.[0]?.id));
    expect(ids).toEqual(new Set([events[0]?.id]));
    expect(accepted[0]?.body.events?.[0]).toEqual({ id: events[0]?.id, status: "accepted" });
    // Every request is kept (the audit trail), each pointing at no second event.
    expect((await storedFor(source.id)).requests).toBe(50);
  });
});

describe("bad input gets the right 4xx and stores nothing", () => {
  it("malformed JSON -> 400 malformed_json", async () => {
    const source = await newSource(inbound.tenantId, "bad-json");
    for (const raw of ['{"a": 1', "{'a': 1}", '{"a": 1}}', "", "nul"]) {
      await storesNothing(source.id, async () => {
        expectError(await postWebhook(inbound.url, source.slug, raw), 400, "malformed_json");
      });
    }
  });

  it("a body over the limit -> 413, with a Content-Length header and streamed without one", async () => {
    const source = await newSource(inbound.tenantId, "too-big", { maxBodyBytes: 1024 });
    const big = JSON.stringify({ data: "x".repeat(4096) });
    await storesNothing(source.id, async () => {
      expectError(await postWebhook(inbound.url, source.slug, big), 413, "payload_too_large");
    });

    // Chunked, no Content-Length: refused once the limit is passed, before the body ends.
    const chunks = Array.from({ length: 200 }, (_, i) =>
      Buffer.from(i === 0 ? `{"data":"${"y".repeat(250)}` : "y".repeat(256)),
    );
    await storesNothing(source.id, async () => {
      const reply = await postStreamed(`${inbound.url}/api/webhooks/${source.slug}`, chunks);
      expectError(reply, 413, "payload_too_large");
      expect(reply.chunksWritten).toBeLessThan(chunks.length);
    });

    // Streamed and within the limit: accepted.
    const fits = [Buffer.from('{"data":'), Buffer.from(`"${"z".repeat(500)}"`), Buffer.from("}")];
    const ok = await postStreamed(`${inbound.url}/api/webhooks/${source.slug}`, fits);
    expect(ok.status, ok.text).toBe(202);
    // The server is still healthy after the refused uploads.
    const after = await postWebhook(inbound.url, source.slug, { ok: randomSuffix() });
    expect(after.status, after.text).toBe(202);
  });

  it("a JSON array to a source without batches, or a JSON string or number -> 400 invalid_body", async () => {
    const source = await newSource(inbound.tenantId, "no-batch");
    for (const raw of ['[{"a":1},{"a":2}]', '"just a string"', "42", "null", "true", "[]"]) {
      await storesNothing(source.id, async () => {
        expectError(await postWebhook(inbound.url, source.slug, raw), 400, "invalid_body");
      });
    }
    const batch = await newSource(inbound.tenantId, "batch", { batch: true });
    for (const raw of ["[]", '[{"a":1}, 2]', '[{"a":1}, [1]]', '"x"']) {
      await storesNothing(batch.id, async () => {
        expectError(await postWebhook(inbound.url, batch.slug, raw), 400, "invalid_body");
      });
    }
  });

  it("a batch of more than 1,000 items -> 413 batch_too_large, nothing stored", async () => {
    const source = await newSource(inbound.tenantId, "big-batch", { batch: true });
    const items = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));
    await storesNothing(source.id, async () => {
      const reply = await postWebhook(inbound.url, source.slug, items(1_001));
      expectError(reply, 413, "batch_too_large");
      expect(reply.body.error?.message).toContain("1000");
    });
    const fits = await postWebhook(inbound.url, source.slug, items(1_000));
    expect(fits.status, fits.text).toBe(202);
    expect(fits.body.accepted).toBe(1_000);
  });

  it("a source's own maxBatchItems replaces the 1,000", async () => {
    const source = await newSource(inbound.tenantId, "small-batch", {
      batch: true,
      maxBatchItems: 2,
    });
    const items = [{ n: randomSuffix() }, { n: randomSuffix() }, { n: randomSuffix() }];
    await storesNothing(source.id, async () => {
      const reply = await postWebhook(inbound.url, source.slug, items);
      expectError(reply, 413, "batch_too_large");
      expect(reply.body.error?.message).toContain("at most 2");
    });
    const fits = await postWebhook(inbound.url, source.slug, items.slice(0, 2));
    expect(fits.status, fits.text).toBe(202);
  });

  it("JSON nested 10,000 levels deep -> 400", async () => {
    const source = await newSource(inbound.tenantId, "deep", { batch: true });
    const depth = 10_000;
    const bodies = [
      `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
      `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      `${"[".repeat(depth)}${"]".repeat(depth)}`,
    ];
    for (const raw of bodies) {
      await storesNothing(source.id, async () => {
        expectError(
          await postWebhook(inbound.url, source.slug, raw),
          400,
          /^(invalid_body|malformed_json)$/,
        );
      });
    }
    // Moderate nesting is fine.
    const nested = `${'{"a":'.repeat(20)}1${"}".repeat(20)}`;
    const ok = await postWebhook(inbound.url, source.slug, nested);
    expect(ok.status, ok.text).toBe(202);
  });

  it("a content type other than JSON or a form -> 415", async () => {
    const source = await newSource(inbound.tenantId, "media-type");
    const cases: Record<string, string>[] = [
      { "content-type": "text/plain" },
      { "content-type": "text/plain; charset=utf-8" },
      { "content-type": "application/xml" },
      { "content-type": "multipart/form-data; boundary=x" },
    ];
    for (const headers of cases) {
      await storesNothing(source.id, async () => {
        expectError(
          await postWebhook(inbound.url, source.slug, '{"a":1}', headers),
          415,
          "unsupported_media_type",
        );
      });
    }
    // Structured-syntax JSON types and parameters are fine.
    for (const type of ["application/json; charset=utf-8", "application/cloudevents+json"]) {
      const reply = await postWebhook(
        inbound.url,
        source.slug,
        { type, n: randomSuffix() },
        {
          "content-type": type,
        },
      );
      expect(reply.status, reply.text).toBe(202);
    }
  });

  it("binary garbage sent as application/json -> 400", async () => {
    const source = await newSource(inbound.tenantId, "garbage");
    const garbage = [
      randomBytes(512),
      Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x01]),
      // Valid JSON around invalid UTF-8: refused too.
      Buffer.concat([
        Buffer.from('{"a":"'),
        Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
        Buffer.from('"}'),
      ]),
    ];
    for (const raw of garbage) {
      await storesNothing(source.id, async () => {
        expectError(await postWebhook(inbound.url, source.slug, raw), 400, "malformed_json");
      });
    }
  });

  it("an unknown source -> 404", async () => {
    await storesNothing("none", async () => {
      const reply = await postWebhook(inbound.url, `no-such-source-${randomSuffix()}`, { a: 1 });
      expectError(reply, 404, "source_not_found");
      expectError(await postWebhook(inbound.url, "", { a: 1 }), 404, "source_not_found");
    });
  });

  it("a disabled source -> 404", async () => {
    const source = await newSource(inbound.tenantId, "disabled");
    const before = await postWebhook(inbound.url, source.slug, { n: 1 });
    expect(before.status, before.text).toBe(202);
    await updateSource(everyTenant, source.id, { enabled: false });
    // The webhook path caches sources for up to a second.
    await sleep(1_200);
    await storesNothing(source.id, async () => {
      expectError(await postWebhook(inbound.url, source.slug, { n: 2 }), 404, "source_not_found");
    });
    await updateSource(everyTenant, source.id, { enabled: true });
    await sleep(1_200);
    const again = await postWebhook(inbound.url, source.slug, { n: 3 });
    expect(again.status, again.text).toBe(202);
  });

  it("GET (or PUT) on a webhook URL -> 405 with Allow: POST; on an unknown source -> 404", async () => {
    const source = await newSource(inbound.tenantId, "method");
    await storesNothing(source.id, async () => {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const reply = await postWebhook(
          inbound.url,
          source.slug,
          method === "GET" ? undefined : { a: 1 },
          {},
          method,
        );
        expectError(reply, 405, "method_not_allowed");
        expect(reply.headers.get("allow")).toBe("POST");
      }
      const unknown = await postWebhook(
        inbound.url,
        `nope-${randomSuffix()}`,
        undefined,
        {},
        "GET",
      );
      expectError(unknown, 404, "source_not_found");
    });
  });

  it("malformed percent-encoding in the URL -> 400", async () => {
    const source = await newSource(inbound.tenantId, "percent");
    await storesNothing(source.id, async () => {
      for (const path of ["%E0%A4%A", "%ZZ", `${source.slug}/%C3`, `${source.slug}%`]) {
        expectError(await postWebhook(inbound.url, path, { a: 1 }), 400, "bad_request");
      }
    });
  });

  it("a NUL (%00) in the slug or the subject segment -> 400, not a 500", async () => {
    const source = await newSource(inbound.tenantId, "nul-url", { subject: { from: "url" } });
    await storesNothing(source.id, async () => {
      for (const path of [
        "%00",
        `${source.slug}%00`,
        `${source.slug}/%00`,
        `${source.slug}/a%00b`,
      ]) {
        expectError(await postWebhook(inbound.url, path, { a: 1 }), 400, "bad_request");
      }
    });
  });

  // PostgreSQL jsonb refuses the NUL character and unpaired surrogates: refused up front.
  it("a NUL or an unpaired surrogate in the body -> 400 invalid_body, not a 500", async () => {
    const source = await newSource(inbound.tenantId, "nul-body");
    const bodies: [string, Record<string, string>][] = [
      ['{"a":"x\\u0000y"}', {}],
      ['{"\\u0000":1}', {}],
      ['{"a":"\\ud800"}', {}],
      ["a=%00", { "content-type": "application/x-www-form-urlencoded" }],
    ];
    for (const [raw, headers] of bodies) {
      await storesNothing(source.id, async () => {
        expectError(await postWebhook(inbound.url, source.slug, raw, headers), 400, "invalid_body");
      });
    }
  });

  it("accepts form-encoded bodies", async () => {
    const source = await newSource(inbound.tenantId, "form", {
      required: ["lead_id"],
      timestamps: ["updated_at"],
    });
    const form = new URLSearchParams({
      lead_id: "L-77",
      updated_at: "2026-03-01T10:00:00Z",
      note: "a & b = c ✓",
    });
    const reply = await postWebhook(inbound.url, source.slug, form.toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(reply.status, reply.text).toBe(202);
    expect(reply.body).toMatchObject({ accepted: 1, rejected: 0 });
    const event = await db.event.findUniqueOrThrow({
      where: { id: reply.body.events?.[0]?.id ?? "" },
      include: { request: true },
    });
    expect(event.payload).toEqual({
      lead_id: "L-77",
      updated_at: "2026-03-01T10:00:00Z",
      note: "a & b = c ✓",
    });
    expect(event.request?.contentType).toBe("application/x-www-form-urlencoded");
    expect(Buffer.from(event.request?.rawBody ?? []).toString()).toBe(form.toString());

    // The same rules apply to forms: a missing required field is rejected with a reason.
    const missing = await postWebhook(inbound.url, source.slug, "note=hi", {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
    });
    expect(missing.status, missing.text).toBe(400);
    expect(missing.body).toMatchObject({ rejected: 1, error: { code: "all_rejected" } });
  });
});
