import type { IncomingMessage, ServerResponse } from "node:http";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import { DomainError } from "@/domain/errors";
import { log } from "@/lib/log";
import { readBodyWithLimit } from "@/server/http/read-body";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { openApiDocument, successStatus } from "./openapi";

export const REST_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 1024 * 1024;

const handleProcedure = createOpenApiNodeHttpHandler({
  router: appRouter,
  createContext: ({ req }) =>
    createContext({
      authorization: req.headers.authorization ?? null,
      origin: originOf(req),
    }),
  responseMeta: ({ paths, errors }) =>
    errors.length === 0 && paths?.[0] ? { status: successStatus(paths[0]) } : {},
  onError: ({ error, path }) => {
    if (error.code === "INTERNAL_SERVER_ERROR")
      log.error(`REST ${path ?? "?"} failed`, { error: String(error.cause ?? error) });
  },
});

/**
 * The management REST API (PRODUCT.md): the tRPC procedures that carry an `openapi` route,
 * served by trpc-to-openapi. This wrapper reads the body itself (any JSON content type, a
 * limit, an empty body for POSTs without one) and answers errors as {"error": {code, message}}.
 */
export async function handleRest(req: IncomingMessage, res: ServerResponse, pathname: string) {
  if (req.method === "GET" && pathname === `${REST_PREFIX}/openapi.json`) {
    return send(res, 200, openApiDocument());
  }
  try {
    (req as IncomingMessage & { body?: unknown }).body = await readJsonBody(req);
  } catch (error) {
    if (error instanceof DomainError)
      return sendError(res, error.status, error.code, error.message);
    throw error;
  }
  req.headers["content-type"] = "application/json";
  req.url = (req.url ?? "/").slice(REST_PREFIX.length) || "/";
  await handleProcedure(req, captured(res));
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const raw = await readBodyWithLimit(req, MAX_BODY_BYTES);
  if (raw.length === 0) return undefined;
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new DomainError("unsupported_media_type", "Send the body as application/json");
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new DomainError("malformed_json", "The body is not valid JSON");
  }
}

/**
 * The real response, except that what the library writes is held back until `end`, where
 * errors are rewritten into PRODUCT.md's shape.
 */
function captured(res: ServerResponse): ServerResponse {
  const headers: Record<string, string> = {};
  let status = 200;
  const end = (body?: string) => {
    if (status < 400) {
      res.writeHead(status, headers);
      res.end(body);
      return;
    }
    const error = toApiError(status, body);
    sendError(res, status, error.code, error.message, error.issues);
  };
  return new Proxy(res, {
    get(target, property, receiver) {
      if (property === "end") return end;
      if (property === "statusCode") return status;
      if (property === "setHeader") {
        return (name: string, value: string) => {
          headers[name.toLowerCase()] = value;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(target, property, value) {
      if (property === "statusCode") status = value;
      else Reflect.set(target, property, value);
      return true;
    },
  });
}

interface LibraryError {
  message?: string;
  code?: string;
  issues?: { path: PropertyKey[]; message: string }[];
  data?: { domainCode?: string };
}

function toApiError(status: number, body: string | undefined) {
  const parsed = JSON.parse(body ?? "{}") as LibraryError;
  const issues = parsed.issues?.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  if (status >= 500) return { code: "internal_error", message: "Something went wrong on our side" };
  if (issues?.length) {
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    return { code: "validation_failed", message: summary.join("; "), issues };
  }
  const code = parsed.data?.domainCode ?? (parsed.code ?? "bad_request").toLowerCase();
  return { code: code === "parse_error" ? "malformed_json" : code, message: parsed.message ?? "" };
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  issues?: unknown,
) {
  send(res, status, { error: { code, message, ...(issues ? { issues } : {}) } });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function originOf(req: IncomingMessage): string {
  const proto = String(req.headers["x-forwarded-proto"] ?? "http").split(",")[0];
  return `${proto}://${req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost"}`;
}
