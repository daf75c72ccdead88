import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { DomainError } from "@/domain/errors";
import { sendError } from "@/server/http/error-reply";
import { MAX_API_BODY_BYTES, readBodyWithLimit } from "@/server/http/read-body";
import { requestIdOf } from "@/server/http/request-id";
import { sendJson } from "@/server/http/send-json";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { openApiDocument } from "./openapi";
import { matchRoute } from "./routes";

export const REST_PREFIX = "/api/v1";

/**
 * The management REST API (PRODUCT.md): each route is a tRPC procedure with an `openapi`
 * meta, called here with the path parameters, the query (GET, DELETE) or the JSON body
 * (POST, PATCH) as its input. Nothing is coerced that the procedure's schema does not coerce
 * itself, and every error is answered as {"error": {code, message}}.
 */
export async function handleRest(req: IncomingMessage, res: ServerResponse, pathname: string) {
  const requestId = requestIdOf(req, res);
  try {
    const method = req.method ?? "GET";
    const path = pathname.slice(REST_PREFIX.length).replace(/\/$/, "");
    if (method === "GET" && path === "/openapi.json") return sendJson(res, 200, openApiDocument());
    const { route, params, allowed } = matchRoute(method, path);
    if (!route) {
      if (allowed.length > 0) {
        res.setHeader("allow", allowed.join(", "));
        throw new DomainError("method_not_allowed", `${method} is not allowed here`);
      }
      throw new DomainError("not_found", `No route ${method} ${REST_PREFIX}${path}`);
    }
    const ctx = await createContext({
      headers: fromNodeHeaders(req.headers),
      origin: originOf(req),
    });
    if (!ctx.caller) {
      // Answered before the body is read: a stranger's upload is neither buffered nor awaited.
      res.setHeader("connection", "close");
      throw new DomainError("unauthorized", "Send an API key: Authorization: Bearer <key>");
    }
    const input = { ...(await readInput(req, method)), ...params };
    const call = route.procedure
      .split(".")
      .reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)[key],
        createCaller(ctx),
      ) as (input: unknown) => Promise<unknown>;
    sendJson(res, route.successStatus, await call(input));
  } catch (error) {
    sendError(res, error, "Something went wrong on our side", {
      requestId,
      route: `${req.method} ${pathname}`,
    });
  }
}

/** The procedure's input: the query string, or the body, which must be one JSON object. */
async function readInput(req: IncomingMessage, method: string): Promise<Record<string, unknown>> {
  if (method === "GET" || method === "DELETE") {
    const query = new URL(req.url ?? "/", "http://localhost").searchParams;
    return Object.fromEntries(query.entries());
  }
  const raw = await readBodyWithLimit(req, MAX_API_BODY_BYTES);
  if (raw.length === 0) return {};
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(req.headers["content-type"] ?? "")) {
    throw new DomainError("unsupported_media_type", "Send the body as application/json");
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new DomainError("malformed_json", "The body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new DomainError("invalid_body", "The body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

export function originOf(req: IncomingMessage): string {
  const proto = String(req.headers["x-forwarded-proto"] ?? "http").split(",")[0];
  return `${proto}://${req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost"}`;
}
