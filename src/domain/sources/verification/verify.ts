import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { safeEqual } from "@/lib/crypto/constant-time";
import { TIMESTAMP_TOLERANCE_SECONDS, type VerificationScheme } from "./schemes";

export type Verdict = { ok: true } | { ok: false; reason: string };

const ok: Verdict = { ok: true };
const refuse = (reason: string): Verdict => ({ ok: false, reason });

/**
 * Checks a request against its source's scheme. Every comparison is constant-time; the
 * timestamped schemes refuse requests more than five minutes old or ahead (replays).
 */
export function verifyRequest(
  scheme: VerificationScheme,
  secret: string | null,
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
  nowSeconds = Math.floor(Date.now() / 1000),
): Verdict {
  if (scheme.scheme === "none") return ok;
  if (!secret) return refuse("The source has no secret configured");
  switch (scheme.scheme) {
    case "shared_secret": {
      const given = headers[scheme.header];
      if (!given) return refuse(`Missing ${scheme.header} header`);
      return safeEqual(given, secret) ? ok : refuse(`Wrong ${scheme.header} header`);
    }
    case "bearer": {
      const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "");
      if (!match?.[1]) return refuse("Missing Authorization: Bearer header");
      return safeEqual(match[1], secret) ? ok : refuse("Wrong bearer token");
    }
    case "hmac_sha256": {
      const given = headers[scheme.header];
      if (!given) return refuse(`Missing ${scheme.header} header`);
      const expected = scheme.prefix + hmac(secret, rawBody, scheme.encoding);
      // Hex signatures are compared case-insensitively: providers differ.
      const same =
        scheme.encoding === "hex"
          ? safeEqual(given.toLowerCase(), expected.toLowerCase())
          : safeEqual(given, expected);
      return same ? ok : refuse(`Signature in ${scheme.header} does not match the body`);
    }
    case "standard_webhooks":
      return verifyStandardWebhooks(secret, rawBody, headers);
    case "stripe":
      return verifyStripe(secret, rawBody, headers["stripe-signature"], nowSeconds);
    case "slack":
      return verifySlack(secret, rawBody, headers, nowSeconds);
  }
}

function hmac(secret: string, payload: Buffer | string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", secret).update(payload).digest(encoding);
}

function verifyStandardWebhooks(
  secret: string,
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
): Verdict {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (!id || !timestamp || !signature)
    return refuse("Missing webhook-id, webhook-timestamp or webhook-signature header");
  // The library signs the body decoded as UTF-8: invalid bytes (all U+FFFD) could be swapped.
  if (!Buffer.from(rawBody.toString("utf8"), "utf8").equals(rawBody))
    return refuse("Standard Webhooks signature refused: the body is not valid UTF-8");
  try {
    // The signature covers the raw body, whatever its type: parsing it is parseBody's job.
    new Webhook(secret).verify(
      rawBody,
      { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
    return ok;
  } catch (error) {
    return refuse(`Standard Webhooks signature refused: ${(error as Error).message}`);
  }
}

/** Stripe-Signature: t=<unix>,v1=<hex HMAC of "{t}.{body}">[,v1=...] (several during rotation). */
function verifyStripe(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  now: number,
): Verdict {
  if (!header) return refuse("Missing Stripe-Signature header");
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  const signatures = parts.filter(([key]) => key === "v1").map(([, value]) => value ?? "");
  if (!Number.isInteger(timestamp) || signatures.length === 0)
    return refuse("Malformed Stripe-Signature header");
  if (Math.abs(now - timestamp) > TIMESTAMP_TOLERANCE_SECONDS)
    return refuse("Stripe-Signature timestamp is outside the tolerance");
  const expected = hmac(secret, Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]), "hex");
  return signatures.some((signature) => safeEqual(signature, expected))
    ? ok
    : refuse("Stripe signature does not match the body");
}

function verifySlack(
  secret: string,
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
  now: number,
): Verdict {
  const timestamp = Number(headers["x-slack-request-timestamp"]);
  const signature = headers["x-slack-signature"];
  if (!Number.isInteger(timestamp) || !signature)
    return refuse("Missing x-slack-request-timestamp or x-slack-signature header");
  if (Math.abs(now - timestamp) > TIMESTAMP_TOLERANCE_SECONDS)
    return refuse("Slack request timestamp is outside the tolerance");
  const expected = `v0=${hmac(secret, Buffer.concat([Buffer.from(`v0:${timestamp}:`), rawBody]), "hex")}`;
  return safeEqual(signature, expected) ? ok : refuse("Slack signature does not match the body");
}
