import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders, toNodeHandler } from "better-auth/node";
import { endPortalSession, openPortalLink } from "@/domain/access/portal-links";
import { DomainError } from "@/domain/errors";
import { auth, CLIENT_IP_HEADER } from "@/server/auth/auth";
import { clearPortalCookie, PORTAL_COOKIE, portalCookie, readCookie } from "@/server/auth/cookies";
import { env } from "@/server/env";
import { sendError } from "./error-reply";

let betterAuthHandler: ReturnType<typeof toNodeHandler> | undefined;

/**
 * Sign-in, sign-out and sessions (Better Auth, under /api/auth). The client's address, which
 * its rate limit keys on, is the socket's: a client cannot pick it with a header.
 */
export async function handleAuth(req: IncomingMessage, res: ServerResponse) {
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
  withStandardRetryAfter(res);
  betterAuthHandler ??= toNodeHandler(auth());
  await betterAuthHandler(req, res);
}

/** Better Auth says `X-Retry-After` on a 429; clients and proxies read the standard header. */
function withStandardRetryAfter(res: ServerResponse) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const seconds = res.getHeader("x-retry-after");
    if (status === 429 && seconds !== undefined) res.setHeader("retry-after", String(seconds));
    return writeHead(status, ...rest);
  }) as ServerResponse["writeHead"];
}

/**
 * `GET /portal/{token}`: opens a portal link once, sets the portal cookie and goes to the
 * console. A used or expired link signs nobody in and says so.
 */
export async function handlePortalLink(res: ServerResponse, token: string) {
  try {
    const session = await openPortalLink(token);
    res.writeHead(303, {
      location: "/",
      "set-cookie": portalCookie(session.token, session.expiresAt, framingAllowed()),
      "cache-control": "no-store",
    });
    res.end();
  } catch (error) {
    if (!(error instanceof DomainError))
      return sendError(res, error, "Something went wrong on our side");
    res.writeHead(410, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(
      `<!doctype html><title>Link expired - Switchyard</title><main style="font-family:system-ui;margin:4rem auto;max-width:32rem"><h1>This link cannot be used</h1><p>${error.message}. Ask for a new link.</p></main>`,
    );
  }
}

/** `POST /api/portal/sign-out`: ends a portal session and clears its cookie. */
export async function handlePortalSignOut(req: IncomingMessage, res: ServerResponse) {
  const token = readCookie(fromNodeHeaders(req.headers), PORTAL_COOKIE);
  if (token) await endPortalSession(token);
  res.writeHead(204, { "set-cookie": clearPortalCookie() });
  res.end();
}

export const framingAllowed = () => Boolean(env().PORTAL_FRAME_ANCESTORS);

/** Pages may be framed only by the origins in PORTAL_FRAME_ANCESTORS (clickjacking). */
export function framingHeaders(): Record<string, string> {
  const ancestors = env().PORTAL_FRAME_ANCESTORS;
  if (!ancestors) {
    return { "content-security-policy": "frame-ancestors 'none'", "x-frame-options": "DENY" };
  }
  return { "content-security-policy": `frame-ancestors 'self' ${ancestors}` };
}
