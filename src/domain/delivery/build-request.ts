import { Webhook } from "standardwebhooks";

export interface OutboundMessage {
  /** Stable for one event across retries: receivers de-duplicate on it. */
  id: string;
  type: string;
  timestamp: Date;
  data: unknown;
  enrichment?: unknown;
}

/**
 * The Standard Webhooks request of PRODUCT.md: the body, and its headers signed with every
 * current secret of the endpoint (two, space separated, during a rotation).
 */
export function buildDeliveryRequest(
  message: OutboundMessage,
  secrets: string[],
  customHeaders: Record<string, string>,
  now = new Date(),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    type: message.type,
    timestamp: message.timestamp.toISOString(),
    data: message.data,
    ...(message.enrichment !== undefined && message.enrichment !== null
      ? { enrichment: message.enrichment }
      : {}),
  });
  const signature = secrets
    .map((secret) => new Webhook(secret).sign(message.id, now, body))
    .join(" ");
  return {
    body,
    headers: {
      ...customHeaders,
      "content-type": "application/json",
      "webhook-id": message.id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    },
  };
}
