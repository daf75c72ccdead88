import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verificationPresets } from "./presets";
import { verificationScheme } from "./schemes";
import { verifyRequest } from "./verify";

const body = Buffer.from('{"lead_id":42,"updated_at":"2026-01-01T00:00:00Z"}');
const now = 1_790_000_000;
const hex = (key: string, payload: string | Buffer) =>
  createHmac("sha256", key).update(payload).digest("hex");
const scheme = (input: unknown) => verificationScheme.parse(input);

describe("verifyRequest", () => {
  it("none accepts anything", () => {
    expect(verifyRequest(scheme({ scheme: "none" }), null, body, {})).toEqual({ ok: true });
  });

  it("shared_secret: right, wrong, missing header; custom header name", () => {
    const s = scheme({ scheme: "shared_secret" });
    expect(verifyRequest(s, "s3cret", body, { "x-webhook-token": "s3cret" }).ok).toBe(true);
    expect(verifyRequest(s, "s3cret", body, { "x-webhook-token": "s3cre" })).toMatchObject({
      ok: false,
      reason: /Wrong/,
    });
    expect(verifyRequest(s, "s3cret", body, {})).toMatchObject({
      ok: false,
      reason: /Missing x-webhook-token/,
    });
    const custom = scheme({ scheme: "shared_secret", header: "X-Robot-Key" });
    expect(verifyRequest(custom, "k", body, { "x-robot-key": "k" }).ok).toBe(true);
  });

  it("bearer: right, wrong, missing", () => {
    const s = scheme({ scheme: "bearer" });
    expect(verifyRequest(s, "tok", body, { authorization: "Bearer tok" }).ok).toBe(true);
    expect(verifyRequest(s, "tok", body, { authorization: "Bearer nope" }).ok).toBe(false);
    expect(verifyRequest(s, "tok", body, { authorization: "Basic tok" }).ok).toBe(false);
    expect(verifyRequest(s, "tok", body, {}).ok).toBe(false);
  });

  it("hmac_sha256 over the raw body, hex with a prefix (GitHub) and base64 (Shopify)", () => {
    const github = scheme(verificationPresets.github);
    const signature = `sha256=${hex("gh", body)}`;
    expect(verifyRequest(github, "gh", body, { "x-hub-signature-256": signature }).ok).toBe(true);
    expect(
      verifyRequest(github, "gh", body, {
        "x-hub-signature-256": signature.toUpperCase().replace("SHA256=", "sha256="),
      }).ok,
    ).toBe(true);
    expect(
      verifyRequest(github, "gh", Buffer.from(`${body} `), { "x-hub-signature-256": signature }).ok,
    ).toBe(false);
    expect(verifyRequest(github, "gh", body, { "x-hub-signature-256": hex("gh", body) }).ok).toBe(
      false,
    );
    expect(verifyRequest(github, "gh", body, {}).ok).toBe(false);

    const shopify = scheme(verificationPresets.shopify);
    const b64 = createHmac("sha256", "sh").update(body).digest("base64");
    expect(verifyRequest(shopify, "sh", body, { "x-shopify-hmac-sha256": b64 }).ok).toBe(true);
    expect(verifyRequest(shopify, "other", body, { "x-shopify-hmac-sha256": b64 }).ok).toBe(false);
  });

  it("standard_webhooks with the library's own signer; expired timestamps refused", () => {
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    const signer = new Webhook(secret);
    const fresh = new Date();
    const headers = (at: Date) => ({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signer.sign("msg_1", at, body.toString()),
    });
    const s = scheme({ scheme: "standard_webhooks" });
    expect(verifyRequest(s, secret, body, headers(fresh)).ok).toBe(true);
    expect(verifyRequest(s, secret, Buffer.from("{}"), headers(fresh)).ok).toBe(false);
    expect(verifyRequest(s, secret, body, headers(new Date(Date.now() - 6 * 60_000))).ok).toBe(
      false,
    );
    expect(verifyRequest(s, secret, body, { "webhook-id": "msg_1" })).toMatchObject({
      ok: false,
      reason: /Missing/,
    });
  });

  it("stripe: t and v1, tolerance of five minutes, any of several v1", () => {
    const s = scheme({ scheme: "stripe" });
    const sign = (t: number) => hex("whsec_x", `${t}.${body}`);
    expect(
      verifyRequest(s, "whsec_x", body, { "stripe-signature": `t=${now},v1=${sign(now)}` }, now).ok,
    ).toBe(true);
    expect(
      verifyRequest(
        s,
        "whsec_x",
        body,
        { "stripe-signature": `t=${now},v1=bad,v1=${sign(now)}` },
        now,
      ).ok,
    ).toBe(true);
    expect(
      verifyRequest(
        s,
        "whsec_x",
        body,
        { "stripe-signature": `t=${now},v1=${sign(now)}` },
        now + 301,
      ),
    ).toMatchObject({ ok: false, reason: /tolerance/ });
    expect(
      verifyRequest(s, "whsec_x", body, { "stripe-signature": `t=${now},v1=${sign(now - 1)}` }, now)
        .ok,
    ).toBe(false);
    expect(verifyRequest(s, "whsec_x", body, { "stripe-signature": "garbage" }, now)).toMatchObject(
      { ok: false, reason: /Malformed/ },
    );
  });

  it("slack: v0 signature over the timestamp and body, with replay tolerance", () => {
    const s = scheme({ scheme: "slack" });
    const headers = (t: number) => ({
      "x-slack-request-timestamp": String(t),
      "x-slack-signature": `v0=${hex("sl", `v0:${t}:${body}`)}`,
    });
    expect(verifyRequest(s, "sl", body, headers(now), now).ok).toBe(true);
    expect(verifyRequest(s, "sl", body, headers(now - 400), now).ok).toBe(false);
    expect(verifyRequest(s, "other", body, headers(now), now).ok).toBe(false);
  });

  it("refuses when a scheme needs a secret and none is configured", () => {
    expect(
      verifyRequest(scheme({ scheme: "bearer" }), null, body, { authorization: "Bearer x" }).ok,
    ).toBe(false);
  });
});
