/** The cookie of a browser signed in through a portal link (people use Better Auth's). */
export const PORTAL_COOKIE = "switchyard.portal";

export function readCookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/**
 * The portal cookie. httpOnly always; when the portal may be framed by a customer's site
 * (PORTAL_FRAME_ANCESTORS), it must be SameSite=None; Secure; Partitioned to reach the iframe.
 */
export function portalCookie(token: string, expiresAt: Date, framed: boolean): string {
  const site = framed ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax";
  return `${PORTAL_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; ${site}; Expires=${expiresAt.toUTCString()}`;
}

export function clearPortalCookie(): string {
  return `${PORTAL_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
