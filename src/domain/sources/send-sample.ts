import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { DomainError } from "@/domain/errors";
import { type InboundRequest, ingest } from "@/domain/ingest/ingest";
import { sampleRequest } from "./sample-payload";
import { findEnabledSourceBySlug, getSource, type Source } from "./sources";
import type { VerificationScheme } from "./verification/schemes";

/**
 * Sends a sample webhook to a source the way its provider would: built for the source's rules,
 * signed with its secret, then verified, checked and stored by the same `ingest` that answers
 * POST /api/webhooks/{slug}. Returns the new event; the caller hands it to processing.
 * `at` is when the provider signed it (a stale one is refused like any replay).
 */
export async function sendSample(scope: Scope, sourceId: string, at = new Date()) {
  const { slug, tenantId } = await getSource(scope, sourceId);
  const source = await findEnabledSourceBySlug(slug);
  if (!source) {
    throw new DomainError("conflict", `Source "${slug}" is disabled: enable it to send a sample`);
  }
  const request = signedSampleRequest(source, source.secret, at);
  if (request.rawBody.length > source.maxBodyBytes) {
    throw new DomainError(
      "payload_too_large",
      `The sample (${request.rawBody.length} bytes) is over this source's limit of ${source.maxBodyBytes}`,
    );
  }
  const result = await ingest(source, request);
  const outcome = result.events[0];
  if (!outcome || outcome.status === "rejected") {
    throw new DomainError(
      "all_rejected",
      `The source rejected the sample: ${outcome?.error ?? "nothing was stored"}`,
    );
  }
  // The event is committed by ingest's own group commit; the log says who sent it.
  await audited(scope, {
    action: "source.sample_sent",
    target: { type: "source", id: source.id },
    tenantId,
    details: { eventId: outcome.id },
  });
  return { eventId: outcome.id, status: outcome.status, acceptedIds: result.acceptedIds };
}

/** The sample as the provider sends it: body, headers with the scheme's signature, URL subject. */
export function signedSampleRequest(
  source: Pick<Source, "verification"> & Parameters<typeof sampleRequest>[0],
  secret: string | null,
  at: Date,
): InboundRequest {
  const id = `smp_${Math.floor(at.getTime() / 1000)}_${randomBytes(4).toString("hex")}`;
  const sample = sampleRequest(source, { id, now: at.toISOString().replace(/\.\d{3}Z$/, "Z") });
  const signature = signatureHeaders(source.verification, secret ?? "", sample.body, id, at);
  const headers: Record<string, string> = {
    ...sample.headers,
    "user-agent": "Switchyard-Sample/1.0",
    ...signature,
  };
  return {
    contentType: "application/json",
    rawBody: Buffer.from(sample.body),
    headers,
    urlSubject: sample.urlSubject ?? undefined,
  };
}

/** The headers each scheme's provider adds: PRODUCT.md's schemes, computed over the raw body. */
function signatureHeaders(
  scheme: VerificationScheme,
  secret: string,
  body: string,
  id: string,
  at: Date,
): Record<string, string> {
  const seconds = Math.floor(at.getTime() / 1000);
  const hmac = (payload: string, encoding: "hex" | "base64") =>
    createHmac("sha256", secret).update(payload).digest(encoding);
  switch (scheme.scheme) {
    case "none":
      return {};
    case "shared_secret":
      return { [scheme.header]: secret };
    case "bearer":
      return { authorization: `Bearer ${secret}` };
    case "hmac_sha256":
      return { [scheme.header]: scheme.prefix + hmac(body, scheme.encoding) };
    case "standard_webhooks":
      return {
        "webhook-id": id,
        "webhook-timestamp": String(seconds),
        "webhook-signature": standardWebhooksSigner(secret).sign(id, at, body),
      };
    case "stripe":
      return { "stripe-signature": `t=${seconds},v1=${hmac(`${seconds}.${body}`, "hex")}` };
    case "slack":
      return {
        "x-slack-request-timestamp": String(seconds),
        "x-slack-signature": `v0=${hmac(`v0:${seconds}:${body}`, "hex")}`,
      };
  }
}

function standardWebhooksSigner(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch {
    throw new DomainError(
      "signature_invalid",
      'The source\'s secret is not a Standard Webhooks secret ("whsec_" and base64)',
    );
  }
}
