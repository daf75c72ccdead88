import { DomainError } from "@/domain/errors";
import type { Source } from "@/domain/sources/sources";
import { verifyRequest } from "@/domain/sources/verification/verify";
import { parseBody } from "./parse-body";
import { prepareItem } from "./prepare-items";
import { redactHeaders } from "./redact-headers";
import { type ItemOutcome, storeInbound } from "./store-inbound";

export interface InboundRequest {
  contentType: string;
  rawBody: Buffer;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  urlSubject?: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  events: (
    | { id: string; status: "accepted" | "duplicate" }
    | { id: null; status: "rejected"; error: string }
  )[];
  /**
   * Ids of the events to hand to background processing: those created, not ignored, and not
   * handed off with the commit already.
   */
  acceptedIds: string[];
  /** The soonest subject poll this scheduled (a poller with a short `after` wakes for it). */
  nextPollAt: Date | null;
}

/**
 * Verifies, parses, checks and stores one webhook request. Duplicates are acknowledged,
 * never reprocessed (providers retry on any non-2xx); one bad item never sinks a batch.
 */
export async function ingest(
  source: Source & { secret: string | null; previousSecret?: string | null },
  request: InboundRequest,
): Promise<IngestResult> {
  verifyInbound(source, request);
  return ingestVerified(source, request);
}

/**
 * Throws `signature_invalid` (401) unless the request carries a valid signature: by the
 * source's secret, or by the previous one while a rotation's overlap lasts.
 */
export function verifyInbound(
  source: Source & { secret: string | null; previousSecret?: string | null },
  request: InboundRequest,
): void {
  const verdict = verifyRequest(
    source.verification,
    source.secret,
    request.rawBody,
    request.headers,
  );
  if (verdict.ok) return;
  const previous = source.previousSecret
    ? verifyRequest(source.verification, source.previousSecret, request.rawBody, request.headers)
    : verdict;
  if (!previous.ok) throw new DomainError("signature_invalid", verdict.reason);
}

/**
 * `ingest` for a request already verified: the webhook path checks the signature first and
 * spends the source's rate limit only then, so an unsigned flood cannot lock the provider out.
 */
export async function ingestVerified(
  source: Source,
  request: InboundRequest,
): Promise<IngestResult> {
  const items = parseBody(request.contentType, request.rawBody, {
    batch: source.batch,
    maxItems: source.maxBatchItems,
  });
  const context = {
    headers: request.headers,
    urlSubject: request.urlSubject,
    rawBody: request.rawBody,
    batchSize: items.length,
  };
  const prepared = items.map((item, index) => prepareItem(source, item, index, context));
  const { outcomes, followUps } = await storeInbound(
    source,
    {
      contentType: request.contentType,
      rawBody: request.rawBody,
      headers: redactHeaders(request.headers, source),
    },
    prepared,
  );
  return summarise(outcomes, followUps);
}

function summarise(
  outcomes: ItemOutcome[],
  followUps: { eventIds: string[]; nextPollAt: Date | null },
): IngestResult {
  const events = outcomes.map((outcome) =>
    outcome.status === "rejected"
      ? { id: null, status: "rejected" as const, error: outcome.error }
      : { id: outcome.id, status: outcome.status },
  );
  return {
    accepted: outcomes.filter((o) => o.status === "accepted").length,
    duplicates: outcomes.filter((o) => o.status === "duplicate").length,
    rejected: outcomes.filter((o) => o.status === "rejected").length,
    events,
    acceptedIds: [
      ...outcomes.flatMap((o) =>
        o.status === "accepted" && !o.ignored && !o.handedOff ? [o.id] : [],
      ),
      ...followUps.eventIds,
    ],
    nextPollAt: followUps.nextPollAt,
  };
}
