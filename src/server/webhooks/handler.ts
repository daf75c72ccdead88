import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@/domain/errors";
import { type IngestResult, ingestVerified, verifyInbound } from "@/domain/ingest/ingest";
import { createHandOffBatcher } from "@/jobs/hand-off";
import { wakePollerFor } from "@/jobs/poll-wake";
import { warnPollWake } from "@/jobs/requests";
import { log } from "@/lib/log";
import { endSpan, startSpan } from "@/lib/tracing";
import { sendError } from "@/server/http/error-reply";
import { readBodyWithLimit } from "@/server/http/read-body";
import { requestIdOf } from "@/server/http/request-id";
import { sendJson } from "@/server/http/send-json";
import { UNKNOWN_SOURCE, webhookAnswered } from "@/server/metrics/webhooks";
import { consumeRateLimit } from "./rate-limits";
import { sourceBySlug } from "./source-cache";

const handOff = createHandOffBatcher({
  onError: (error) =>
    log.warn(`Hand-off failed; trying again shortly: ${(error as Error).message}`),
});

/**
 * POST /api/webhooks/{slug}[/{subject}], answered by node:http directly: a Next.js route
 * handler reached about a tenth of a bare node:http + pg endpoint here (`npm run bench:ingest`
 * prints it). The work is the domain's.
 */
export async function handleWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const startedAt = process.hrtime.bigint();
  const span = startSpan("webhook.receive");
  const requestId = requestIdOf(req, res);
  let sourceLabel = UNKNOWN_SOURCE;
  let result: IngestResult | undefined;
  try {
    // PostgreSQL text cannot hold NUL (a 500 on lookup or insert): refused as bad encoding.
    if (pathname.includes("%00")) throw new URIError("NUL in the URL");
    const [slug, subject, ...rest] = pathname
      .slice("/api/webhooks/".length)
      .split("/")
      .map(decodeURIComponent);
    const source = slug && rest.length === 0 ? await sourceBySlug(slug) : null;
    if (!source) throw new DomainError("source_not_found", `No enabled source "${slug ?? ""}"`);
    sourceLabel = source.slug;
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return sendJson(res, 405, {
        error: { code: "method_not_allowed", message: "Webhooks are POSTed" },
      });
    }
    const request = {
      contentType: req.headers["content-type"] ?? "",
      rawBody: await readBodyWithLimit(req, source.maxBodyBytes),
      headers: flatHeaders(req),
      urlSubject: subject || undefined,
    };
    verifyInbound(source, request);
    // Only signed requests spend the limit: an unsigned flood cannot lock the provider out.
    const retryAfter = await consumeRateLimit(source.id, source.rateLimit);
    if (retryAfter !== null) {
      res.setHeader("retry-after", String(retryAfter));
      throw new DomainError(
        "rate_limited",
        `Rate limit of ${source.rateLimit?.limit} per ${source.rateLimit?.period} exceeded`,
      );
    }
    result = await ingestVerified(source, request);
    const { acceptedIds, nextPollAt, ...summary } = result;
    if (summary.accepted + summary.duplicates === 0) {
      sendJson(res, 400, {
        ...summary,
        error: { code: "all_rejected", message: "No item of the request was acceptable" },
      });
    } else sendJson(res, 202, summary);
    handOff.add(acceptedIds);
    if (nextPollAt) void wakePollerFor(nextPollAt).catch(warnPollWake);
  } catch (error) {
    sendError(res, error, "The webhook could not be stored; retry later", {
      requestId,
      source: sourceLabel,
    });
  } finally {
    webhookAnswered(sourceLabel, res.statusCode, startedAt, result);
    if (span) {
      endSpan(
        span,
        {
          "switchyard.source": sourceLabel,
          "http.response.status_code": res.statusCode,
          "switchyard.request_id": requestId,
          "switchyard.accepted": result?.accepted,
          "switchyard.duplicates": result?.duplicates,
          "switchyard.rejected": result?.rejected,
        },
        res.statusCode >= 500,
      );
    }
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
