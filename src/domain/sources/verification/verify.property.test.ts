import { createHmac } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { type VerificationScheme, verificationScheme } from "./schemes";
import { verifyRequest } from "./verify";

// Properties of every verifier: any headers, body and secret get a verdict (never an
// exception), a correctly signed request verifies, and one changed byte of the body fails it.
const seed = Number(process.env.FUZZ_SEED) || 20_261_130;
const runs = { numRuns: 200, seed };
const now = 1_790_000_000;

const schemes: VerificationScheme[] = [
  { scheme: "none" },
  { scheme: "shared_secret", header: "x-webhook-token" },
  { scheme: "bearer" },
  { scheme: "hmac_sha256", header: "x-signature", encoding: "hex", prefix: "" },
  { scheme: "hmac_sha256", header: "x-hub-signature-256", encoding: "hex", prefix: "sha256=" },
  { scheme: "hmac_sha256", header: "x-shopify-hmac-sha256", encoding: "base64", prefix: "" },
  { scheme: "standard_webhooks" },
  { scheme: "stripe" },
  { scheme: "slack" },
].map((s) => verificationScheme.parse(s));

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyText = (maxLength: number) =>
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength })
    .map((units) => String.fromCharCode(...units));

/** Header values as they come in: near-misses of real ones, unicode, duplicates joined, huge. */
const headerValue = fc.oneof(
  anyText(60),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    "",
    " ",
    "Bearer",
    "Bearer ",
    "bearer  x",
    "t=,v1=",
    "t=1790000000,v1=",
    "t=1e3,v1=ab",
    "t=0x10,v1=ab",
    "t=-1,v1=ab",
    "t=1790000000",
    ",,,=,=",
    "v1,msg_1",
    "v1,@@@",
    "v1,",
    "v0=",
    "NaN",
    "Infinity",
    "1790000000",
    "99999999999999999999999",
    "sha256=",
    "whsec_",
  ),
  fc.tuple(anyText(20), anyText(20)).map(([a, b]) => `${a}, ${b}`),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => "a".repeat(n)),
);
const headerNames = fc.constantFrom(
  "authorization",
  "Authorization",
  "x-webhook-token",
  "X-Webhook-Token",
  "x-signature",
  "x-hub-signature-256",
  "x-shopify-hmac-sha256",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "stripe-signature",
  "x-slack-request-timestamp",
  "x-slack-signature",
  "__proto__",
  "constructor",
);
const headers = fc.dictionary(fc.oneof(headerNames, fc.string({ maxLength: 20 })), headerValue, {
  maxKeys: 12,
});
const secrets = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  anyText(80),
  fc.base64String({ minLength: 4, maxLength: 64 }).map((s) => `whsec_${s}`),
  fc.constantFrom("whsec_", "whsec_====", "whsec_AAAA", "AAAA"),
);
const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  anyText(200).map((text) => Buffer.from(text)),
);

/** The verdict, checked to be one; a thrown exception fails the property. */
function verdictOf(...args: Parameters<typeof verifyRequest>) {
  const verdict = verifyRequest(...args);
  expect(typeof verdict.ok).toBe("boolean");
  if (!verdict.ok) expect(typeof verdict.reason).toBe("string");
  return verdict;
}

/** The body with one byte changed (or one added, when it is empty). */
const changedByte = (body: Buffer) =>
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, flip]) => {
    if (body.length === 0) return Buffer.from([flip]);
    const copy = Buffer.from(body);
    const i = at % copy.length;
    copy[i] = (copy[i] ?? 0) ^ flip;
    return copy;
  });

const hmac = (secret: string, payload: Buffer, encoding: "hex" | "base64") =>
  createHmac("sha256", secret).update(payload).digest(encoding);

/** What a provider would send for `body`, signed with `secret` at `now`. */
function signed(scheme: VerificationScheme, secret: string, body: Buffer): Record<string, string> {
  switch (scheme.scheme) {
    case "none":
      return {};
    case "shared_secret":
      return { [scheme.header]: secret };
    case "bearer":
      return { authorization: `Bearer ${secret}` };
    case "hmac_sha256":
      return { [scheme.header]: scheme.prefix + hmac(secret, body, scheme.encoding) };
    case "standard_webhooks": {
      const at = new Date();
      return {
        "webhook-id": "msg_1",
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(secret).sign("msg_1", at, body.toString("utf8")),
      };
    }
    case "stripe": {
      const v1 = hmac(secret, Buffer.concat([Buffer.from(`${now}.`), body]), "hex");
      return { "stripe-signature": `t=${now},v1=${v1}` };
    }
    case "slack": {
      const v0 = hmac(secret, Buffer.concat([Buffer.from(`v0:${now}:`), body]), "hex");
      return { "x-slack-request-timestamp": String(now), "x-slack-signature": `v0=${v0}` };
    }
  }
}

/** Secrets a provider would hand out: visible ASCII (HTTP headers carry no more), base64 for SW. */
const secretFor = (scheme: VerificationScheme) =>
  scheme.scheme === "standard_webhooks"
    ? fc
        .tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean())
        .map(
          ([key, prefixed]) => `${prefixed ? "whsec_" : ""}${Buffer.from(key).toString("base64")}`,
        )
    : fc.stringMatching(/^[\x21-\x7e]{1,80}$/);

describe.each(schemes.map((scheme) => [JSON.stringify(scheme), scheme] as const))(
  "verifyRequest %s",
  (_, scheme) => {
    it("gives a verdict for any headers, body and secret, never an exception", () => {
      fc.assert(
        fc.property(secrets, bodies, headers, fc.integer(), (secret, body, given, at) => {
          verdictOf(scheme, secret, body, given, at);
          verdictOf(scheme, secret, body, given, now);
        }),
        runs,
      );
    });

    it("accepts a correctly signed request, and refuses it once one byte of the body changes", () => {
      fc.assert(
        fc.property(
          secretFor(scheme),
          // Standard Webhooks signs text: its libraries cannot sign bytes that are not UTF-8.
          scheme.scheme === "standard_webhooks" ? anyText(200).map((t) => Buffer.from(t)) : bodies,
          headers,
          (secret, body, noise) => {
            const good = signed(scheme, secret, body);
            const sent = { ...noise, ...good };
            expect(verdictOf(scheme, secret, body, sent, now)).toEqual({ ok: true });
            if (["none", "shared_secret", "bearer"].includes(scheme.scheme)) return;
            fc.assert(
              fc.property(changedByte(body), (changed) => {
                expect(verdictOf(scheme, secret, changed, sent, now).ok).toBe(false);
              }),
              { numRuns: 5, seed },
            );
          },
        ),
        { ...runs, numRuns: 100 },
      );
    });
  },
);

describe("verifyRequest with a token in a header", () => {
  it("refuses any single change of the token", () => {
    const token = fc.stringMatching(/^[\x21-\x7e]{1,80}$/);
    fc.assert(
      fc.property(token, fc.nat(), fc.integer({ min: 1, max: 0x7e }), (secret, at, flip) => {
        const i = at % secret.length;
        const wrong =
          secret.slice(0, i) +
          String.fromCharCode(secret.charCodeAt(i) ^ flip) +
          secret.slice(i + 1);
        fc.pre(wrong !== secret);
        for (const scheme of schemes.filter((s) =>
          ["shared_secret", "bearer"].includes(s.scheme),
        )) {
          const sent = signed(scheme, wrong, Buffer.alloc(0));
          expect(verdictOf(scheme, secret, Buffer.alloc(0), sent, now).ok).toBe(false);
        }
      }),
      runs,
    );
  });
});

describe("verifyRequest standard_webhooks with bytes that are not UTF-8", () => {
  it("refuses them: signed as text, every invalid byte reads U+FFFD and could be swapped", () => {
    const scheme = verificationScheme.parse({ scheme: "standard_webhooks" });
    const invalid = fc
      .uint8Array({ minLength: 1, maxLength: 200 })
      .map((bytes) => Buffer.from(bytes))
      .filter((body) => !Buffer.from(body.toString("utf8")).equals(body));
    fc.assert(
      fc.property(secretFor(scheme), invalid, (secret, body) => {
        expect(verdictOf(scheme, secret, body, signed(scheme, secret, body), now).ok).toBe(false);
      }),
      runs,
    );
  });
});
