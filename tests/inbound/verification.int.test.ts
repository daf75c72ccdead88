// Every verification scheme and preset over real HTTP: the right signature is accepted (202),
// a wrong or missing one refused (401), a timestamp more than five minutes old refused (401),
// and a refused request leaves nothing behind: no event, no stored request.
import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import type { CreateSourceInput } from "@/domain/sources/schemas";
import { rotateSourceSecret } from "@/domain/sources/sources";
import {
  newSource,
  postWebhook,
  storedFor,
  type WebhookReply,
  webhookServerForTheseTests,
} from "../support/inbound-kit";

const inbound = webhookServerForTheseTests("verify");

const hmac = (key: string | Buffer, payload: string, encoding: "hex" | "base64") =>
  createHmac("sha256", key).update(payload).digest(encoding);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const SIX_MINUTES = 6 * 60;

interface SignOptions {
  /** Sign with another secret. */
  wrong?: boolean;
  /** Unix seconds to sign with (timestamped schemes). */
  at?: number;
}

interface SchemeCase {
  name: string;
  verification: NonNullable<CreateSourceInput["verification"]>;
  secret: string;
  /** The headers a provider would send for `body`. */
  sign(body: string, secret: string, opts: SignOptions): Record<string, string>;
  timestamped: boolean;
}

const otherSecret = (secret: string) =>
  secret.startsWith("whsec_") ? `whsec_${randomBytes(24).toString("base64")}` : `${secret}-other`;

const stripeSign = (body: string, secret: string, at: number) =>
  `t=${at},v1=${hmac(secret, `${at}.${body}`, "hex")}`;

const standardSign = (body: string, secret: string, at: number) => {
  const id = `msg_${randomBytes(6).toString("hex")}`;
  return {
    "webhook-id": id,
    "webhook-timestamp": String(at),
    "webhook-signature": new Webhook(secret).sign(id, new Date(at * 1000), body),
  };
};

const slackSign = (body: string, secret: string, at: number) => ({
  "x-slack-request-timestamp": String(at),
  "x-slack-signature": `v0=${hmac(secret, `v0:${at}:${body}`, "hex")}`,
});

const whsec = () => `whsec_${randomBytes(24).toString("base64")}`;

const cases: SchemeCase[] = [
  {
    name: "shared_secret (default header x-webhook-token)",
    verification: { scheme: "shared_secret", secret: "s3cret-token" },
    secret: "s3cret-token",
    sign: (_body, secret) => ({ "x-webhook-token": secret }),
    timestamped: false,
  },
  {
    name: "shared_secret with a custom header",
    verification: { scheme: "shared_secret", header: "X-Robot-Key", secret: "robot-key-1" },
    secret: "robot-key-1",
    sign: (_body, secret) => ({ "X-Robot-Key": secret }),
    timestamped: false,
  },
  {
    name: "bearer",
    verification: { scheme: "bearer", secret: "bearer-token-xyz" },
    secret: "bearer-token-xyz",
    sign: (_body, secret) => ({ authorization: `Bearer ${secret}` }),
    timestamped: false,
  },
  {
    name: "hmac_sha256, hex with a prefix",
    verification: {
      scheme: "hmac_sha256",
      header: "x-signature",
      encoding: "hex",
      prefix: "sha256=",
      secret: "hmac-hex-secret",
    },
    secret: "hmac-hex-secret",
    sign: (body, secret) => ({ "x-signature": `sha256=${hmac(secret, body, "hex")}` }),
    timestamped: false,
  },
  {
    name: "hmac_sha256, base64",
    verification: {
      scheme: "hmac_sha256",
      header: "x-payload-signature",
      encoding: "base64",
      secret: "hmac-b64-secret",
    },
    secret: "hmac-b64-secret",
    sign: (body, secret) => ({ "x-payload-signature": hmac(secret, body, "base64") }),
    timestamped: false,
  },
  (() => {
    const secret = whsec();
    return {
      name: "standard_webhooks (signed by the standardwebhooks library)",
      verification: { scheme: "standard_webhooks", secret },
      secret,
      sign: (body: string, key: string, opts: SignOptions) =>
        standardSign(body, key, opts.at ?? nowSeconds()),
      timestamped: true,
    } satisfies SchemeCase;
  })(),
  {
    name: "stripe",
    verification: { scheme: "stripe", secret: "whsec_stripe_test_secret" },
    secret: "whsec_stripe_test_secret",
    sign: (body, secret, opts) => ({
      "stripe-signature": stripeSign(body, secret, opts.at ?? nowSeconds()),
    }),
    timestamped: true,
  },
  {
    name: "slack",
    verification: { scheme: "slack", secret: "slack-signing-secret" },
    secret: "slack-signing-secret",
    sign: (body, secret, opts) => slackSign(body, secret, opts.at ?? nowSeconds()),
    timestamped: true,
  },
  {
    name: "preset github (x-hub-signature-256: sha256=<hex>)",
    verification: { preset: "github", secret: "github-secret" },
    secret: "github-secret",
    sign: (body, secret) => ({ "x-hub-signature-256": `sha256=${hmac(secret, body, "hex")}` }),
    timestamped: false,
  },
  {
    name: "preset shopify (x-shopify-hmac-sha256: <base64>)",
    verification: { preset: "shopify", secret: "shopify-secret" },
    secret: "shopify-secret",
    sign: (body, secret) => ({ "x-shopify-hmac-sha256": hmac(secret, body, "base64") }),
    timestamped: false,
  },
  (() => {
    const secret = whsec();
    return {
      name: "preset svix (Standard Webhooks)",
      verification: { preset: "svix", secret },
      secret,
      sign: (body: string, key: string, opts: SignOptions) =>
        standardSign(body, key, opts.at ?? nowSeconds()),
      timestamped: true,
    } satisfies SchemeCase;
  })(),
];

function expectRefused(reply: WebhookReply) {
  expect(reply.status, reply.text).toBe(401);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  // Exactly {"error": {"code", "message"}}: no summary, no stack trace.
  expect(Object.keys(reply.body)).toEqual(["error"]);
  expect(Object.keys(reply.body.error ?? {}).sort()).toEqual(["code", "message"]);
  expect(reply.body.error?.code).toBe("signature_invalid");
  expect(reply.body.error?.message).toEqual(expect.any(String));
  expect(reply.text).not.toMatch(/\bat .*\.ts:\d+/);
}

describe("inbound verification schemes", () => {
  it.each(cases)("$name: right -> 202, wrong/missing/expired -> 401 storing nothing", async (c) => {
    const source = await newSource(inbound.tenantId, "verify", { verification: c.verification });
    const body = JSON.stringify({ scheme: c.name, nonce: randomBytes(8).toString("hex") });
    const post = (headers: Record<string, string>) =>
      postWebhook(inbound.url, source.slug, body, headers);

    // Wrong signature (or token): signed with another secret.
    expectRefused(await post(c.sign(body, otherSecret(c.secret), { wrong: true })));
    // Right secret but another body: the signature covers the raw body (not for tokens).
    const scheme = "scheme" in c.verification ? c.verification.scheme : "preset";
    if (scheme !== "shared_secret" && scheme !== "bearer") {
      const tampered = await postWebhook(
        inbound.url,
        source.slug,
        body.replace("nonce", "nonse"),
        c.sign(body, c.secret, {}),
      );
      expectRefused(tampered);
    }
    // Missing: no verification header at all.
    expectRefused(await post({}));
    if (c.timestamped) {
      // Correctly signed, but more than five minutes old; and as far in the future.
      expectRefused(await post(c.sign(body, c.secret, { at: nowSeconds() - SIX_MINUTES })));
      expectRefused(await post(c.sign(body, c.secret, { at: nowSeconds() + SIX_MINUTES })));
    }
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 0 });

    const accepted = await post(c.sign(body, c.secret, {}));
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    expect(accepted.body.events?.[0]).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      status: "accepted",
    });
    expect(await storedFor(source.id)).toEqual({ events: 1, requests: 1 });
  });

  it("a timestamp just inside the tolerance (4 minutes old) is still accepted", async () => {
    const stripe = await newSource(inbound.tenantId, "verify-edge", {
      verification: { scheme: "stripe", secret: "whsec_edge" },
    });
    const body = JSON.stringify({ edge: randomBytes(4).toString("hex") });
    const reply = await postWebhook(inbound.url, stripe.slug, body, {
      "stripe-signature": stripeSign(body, "whsec_edge", nowSeconds() - 4 * 60),
    });
    expect(reply.status, reply.text).toBe(202);
  });

  it("hex signatures are compared case-insensitively; a wrong prefix is refused", async () => {
    const source = await newSource(inbound.tenantId, "verify-hex", {
      verification: { preset: "github", secret: "gh-case" },
    });
    const body = JSON.stringify({ upper: randomBytes(4).toString("hex") });
    const hex = hmac("gh-case", body, "hex");
    expectRefused(
      await postWebhook(inbound.url, source.slug, body, { "x-hub-signature-256": hex }),
    );
    expectRefused(
      await postWebhook(inbound.url, source.slug, body, { "x-hub-signature-256": `sha1=${hex}` }),
    );
    const upper = await postWebhook(inbound.url, source.slug, body, {
      "x-hub-signature-256": `sha256=${hex.toUpperCase()}`,
    });
    expect(upper.status, upper.text).toBe(202);
  });

  // Hex comparison ignores case on both sides, prefix included.
  it("hmac_sha256 hex with a capitalised prefix (V1=) accepts the right signature", async () => {
    const source = await newSource(inbound.tenantId, "verify-prefix", {
      verification: { scheme: "hmac_sha256", encoding: "hex", prefix: "V1=", secret: "caps" },
    });
    const body = JSON.stringify({ caps: randomBytes(4).toString("hex") });
    const reply = await postWebhook(inbound.url, source.slug, body, {
      "x-signature": `V1=${hmac("caps", body, "hex")}`,
    });
    expect(reply.status, reply.text).toBe(202);
  });

  it("a bearer token must come with the Bearer scheme", async () => {
    const source = await newSource(inbound.tenantId, "verify-bearer", {
      verification: { scheme: "bearer", secret: "tok-1" },
    });
    const body = JSON.stringify({ n: randomBytes(4).toString("hex") });
    expectRefused(await postWebhook(inbound.url, source.slug, body, { authorization: "tok-1" }));
    expectRefused(
      await postWebhook(inbound.url, source.slug, body, { authorization: "Basic tok-1" }),
    );
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 0 });
  });

  it("standard_webhooks accepts a signed form-encoded body, signed over the raw body", async () => {
    const secret = whsec();
    const source = await newSource(inbound.tenantId, "verify-form", {
      verification: { scheme: "standard_webhooks", secret },
    });
    const body = `name=Ada+Lovelace&n=${randomBytes(4).toString("hex")}`;
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const signed = { ...form, ...standardSign(body, secret, nowSeconds()) };
    const reply = await postWebhook(inbound.url, source.slug, body, signed);
    expect(reply.status, reply.text).toBe(202);
    expect(reply.body.accepted).toBe(1);
    const wrong = { ...form, ...standardSign(body, otherSecret(secret), nowSeconds()) };
    expectRefused(await postWebhook(inbound.url, source.slug, `${body}x`, wrong));
  });
});

describe("rotating a source's secret", () => {
  it("accepts the new secret at once and the previous one until its overlap ends", async () => {
    const source = await newSource(inbound.tenantId, "rotate", {
      verification: { scheme: "hmac_sha256", header: "x-signature", secret: "the-old-secret" },
    });
    const path = source.slug;
    const post = (secret: string) => {
      const body = JSON.stringify({ id: randomBytes(6).toString("hex") });
      return postWebhook(inbound.url, path, JSON.parse(body), {
        "x-signature": hmac(secret, body, "hex"),
      });
    };
    expect((await post("the-old-secret")).status).toBe(202);

    const rotated = await rotateSourceSecret(everyTenant, source.id);
    expect(rotated.secret).toMatch(/^[\w-]{43}$/);
    // The webhook path caches a source for a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await post(rotated.secret)).status).toBe(202);
    expect((await post("the-old-secret")).status).toBe(202);
    expect((await post("never-the-secret")).status).toBe(401);

    await db.source.update({
      where: { id: source.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1_000) },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await post("the-old-secret")).status).toBe(401);
    expect((await post(rotated.secret)).status).toBe(202);

    // A provider that issues its secrets must be given the new one.
    const stripe = await newSource(inbound.tenantId, "rotate-stripe", {
      verification: { scheme: "stripe", secret: whsec() },
    });
    await expect(rotateSourceSecret(everyTenant, stripe.id)).rejects.toThrow(/issues the secret/);
    const given = whsec();
    expect((await rotateSourceSecret(everyTenant, stripe.id, { secret: given })).secret).toBe(
      given,
    );
  });
});
