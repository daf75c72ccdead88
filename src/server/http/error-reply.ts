import type { ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { DomainError } from "@/domain/errors";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { log } from "@/lib/log";
import { sendJson } from "./send-json";

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string; issues?: unknown[] } };
  headers: Record<string, string>;
}

/**
 * The one place an error becomes an HTTP answer, for webhooks and the REST API alike:
 * `{"error": {"code", "message"}}` with the status the code stands for; anything unexpected
 * is logged and answered 500 with `internalMessage`, never a stack trace.
 */
export function errorReply(
  error: unknown,
  internalMessage: string,
  /** What the log line says the request was (its id, its source...). */
  context: Record<string, unknown> = {},
): ErrorReply {
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  if (cause instanceof DomainError) {
    // A refused body is not read to its end: the connection cannot carry another request.
    const unread = cause.code === "payload_too_large" || cause.code === "length_required";
    const headers: Record<string, string> = unread
      ? { connection: "close" }
      : cause.code === "overloaded"
        ? { "retry-after": "1" }
        : {};
    return {
      status: cause.status,
      body: { error: { code: cause.code, message: cause.message } },
      headers,
    };
  }
  if (cause instanceof ZodError) {
    const issues = cause.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    return {
      status: 400,
      body: { error: { code: "validation_failed", message, issues } },
      headers: {},
    };
  }
  if (cause instanceof URIError) {
    const message = "Malformed percent-encoding in the URL";
    return { status: 400, body: { error: { code: "bad_request", message } }, headers: {} };
  }
  if (isDatabaseUnavailable(cause)) {
    warnUnavailable(cause, context);
    return {
      status: 503,
      body: {
        error: {
          code: "database_unavailable",
          message: "The database is unavailable; retry later",
        },
      },
      headers: { "retry-after": String(UNAVAILABLE_RETRY_AFTER_S) },
    };
  }
  const status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
  if (status < 500) {
    const code = (error as TRPCError).code.toLowerCase();
    return { status, body: { error: { code, message: (error as Error).message } }, headers: {} };
  }
  log.error(internalMessage, { ...context, error: String((error as Error)?.stack ?? error) });
  return {
    status: 500,
    body: { error: { code: "internal_error", message: internalMessage } },
    headers: {},
  };
}

/** What a client should wait before retrying while the database is down (Retry-After, s). */
const UNAVAILABLE_RETRY_AFTER_S = 5;
let lastUnavailableWarning = 0;

/** Once every 5 s at most: an outage fails every request, and the log must stay readable. */
function warnUnavailable(error: unknown, context: Record<string, unknown>): void {
  if (Date.now() - lastUnavailableWarning < 5_000) return;
  lastUnavailableWarning = Date.now();
  log.warn("The database is unavailable, answering 503", {
    ...context,
    error: (error as Error)?.message ?? String(error),
  });
}

/** Sends an error as errorReply() words it. */
export function sendError(
  res: ServerResponse,
  error: unknown,
  internalMessage: string,
  context: Record<string, unknown> = {},
): void {
  const reply = errorReply(error, internalMessage, context);
  if (!res.headersSent)
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  sendJson(res, reply.status, reply.body);
}
