import { tenantOfApiKey } from "@/domain/access/api-keys";
import { portalPrincipal } from "@/domain/access/portal-links";
import type { Principal } from "@/domain/access/principal";
import { db } from "@/domain/db";
import { safeEqual } from "@/lib/crypto/constant-time";
import { auth } from "./auth";
import { PORTAL_COOKIE, readCookie } from "./cookies";

/** A principal and how it proved itself: cookies need a same-origin check on changes (CSRF). */
export type Caller = { principal: Principal; viaCookie: boolean };

/**
 * Who is calling, from the request's headers: `Authorization: Bearer <key>` (the admin key or
 * a tenant's key), else a signed-in person's session cookie, else a portal session cookie.
 * Null when none of them is valid.
 */
export async function callerFrom(headers: Headers): Promise<Caller | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const principal = await keyPrincipal(authorization);
    return principal ? { principal, viaCookie: false } : null;
  }
  const person = await personPrincipal(headers);
  if (person) return { principal: person, viaCookie: true };
  const portalToken = readCookie(headers, PORTAL_COOKIE);
  const portal = portalToken ? await portalPrincipal(portalToken) : null;
  return portal ? { principal: portal, viaCookie: true } : null;
}

async function keyPrincipal(authorization: string): Promise<Principal | null> {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (!key) return null;
  if (isAdminKey(key)) {
    return {
      actor: { type: "api_key", id: "admin", label: "Admin API key" },
      platformRole: "admin",
      tenantRoles: new Map(),
    };
  }
  const apiKey = await tenantOfApiKey(key);
  if (!apiKey) return null;
  return {
    actor: { type: "api_key", id: apiKey.id, label: `API key ${apiKey.prefix}…` },
    platformRole: null,
    // A tenant key acts in its tenant with its role (PRODUCT.md: it "only touches its tenant"):
    // a member key reads, retries and replays, and cannot mint keys.
    tenantRoles: new Map([[apiKey.tenantId, apiKey.role]]),
  };
}

/** The admin key: ADMIN_API_KEY, or the generated one boot.ts puts there. */
export function isAdminKey(key: string): boolean {
  const adminKey = process.env.ADMIN_API_KEY;
  return adminKey !== undefined && adminKey !== "" && safeEqual(key, adminKey);
}

async function personPrincipal(headers: Headers): Promise<Principal | null> {
  if (!headers.get("cookie")) return null;
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  const memberships = await db.membership.findMany({ where: { userId: user.id } });
  const role = (user as { role?: string | null }).role;
  return {
    actor: { type: "user", id: user.id, label: user.email },
    platformRole: role === "admin" || role === "operator" || role === "viewer" ? role : null,
    tenantRoles: new Map(memberships.map((m) => [m.tenantId, m.role])),
  };
}
