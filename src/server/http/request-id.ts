import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The request's id: the caller's `x-request-id` when it is a plain token (a proxy's), else a
 * new one; answered in the same header, and carried by every log line about the request.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers["x-request-id"];
  const id = typeof given === "string" && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader("x-request-id", id);
  return id;
}
