import { db } from "@/domain/db";
import { enrichmentRule } from "@/domain/sources/schemas";

/**
 * Calls the source's enrichment service with the event and stores its JSON answer on the
 * event. A failure throws, so the calling step is retried.
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
  const response = await fetch(rule.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      id: event.id,
      type: event.type,
      subject: event.subject?.key ?? null,
      data: event.payload,
    }),
    signal: AbortSignal.timeout(rule.timeoutMs),
    redirect: "manual",
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Enrichment service answered ${response.status}: ${text.slice(0, 300)}`);
  let enrichment: unknown;
  try {
    enrichment = JSON.parse(text);
  } catch {
    throw new Error(`Enrichment service answered with invalid JSON: ${text.slice(0, 300)}`);
  }
  await db.event.update({ where: { id: eventId }, data: { enrichment: enrichment as object } });
}
