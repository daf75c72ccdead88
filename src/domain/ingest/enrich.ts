import { db } from "@/domain/db";
import { deliverySettings } from "@/domain/delivery/settings";
import { enrichmentRule } from "@/domain/sources/schemas";
import { sendOutbound } from "@/lib/net/outbound-request";

/**
 * Calls the source's enrichment service with the event and stores its JSON answer on the
 * event, through the SSRF-guarded client. A failure throws, so the calling step is retried.
 */
export async function enrichEvent(eventId: string): Promise<void> {
  const event = await db.event.findUniqueOrThrow({
    where: { id: eventId },
    select: {
      id: true,
      type: true,
      payload: true,
      subject: { select: { key: true } },
      source: { select: { enrichment: true } },
    },
  });
  if (!event.source?.enrichment) return;
  const rule = enrichmentRule.parse(event.source.enrichment);
  const response = await sendOutbound(rule.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      id: event.id,
      type: event.type,
      subject: event.subject?.key ?? null,
      data: event.payload,
    }),
    timeoutMs: rule.timeoutMs,
    allowPrivate: deliverySettings().allowPrivate,
    maxBodyBytes: 256 * 1024,
  });
  const text = response.body;
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`Enrichment service answered ${response.status}: ${text.slice(0, 300)}`);
  }
  let enrichment: unknown;
  try {
    enrichment = JSON.parse(text);
  } catch {
    throw new Error(`Enrichment service answered with invalid JSON: ${text.slice(0, 300)}`);
  }
  await db.event.update({ where: { id: eventId }, data: { enrichment: enrichment as object } });
}
