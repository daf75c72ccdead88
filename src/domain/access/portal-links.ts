import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { getTenant } from "@/domain/tenants/tenants";
import type { TenantRole } from "@/generated/prisma/enums";
import { newId } from "@/lib/ids";
import type { Principal } from "./principal";
import { actingTenant, type Scope } from "./scope";
import { hashToken, newToken } from "./tokens";

/** A link is valid at most this long (PRODUCT.md); the caller may ask for less. */
export const PORTAL_LINK_MAX_SECONDS = 3600;
/** How long a browser stays signed in after opening a portal link. */
export const PORTAL_SESSION_SECONDS = 8 * 3600;

/**
 * A one-time URL that signs a browser into the console as a member or owner of one tenant
 * (the tenant portal). Only the token's hash is kept: the URL is in this answer only.
 */
export async function createPortalLink(
  scope: Scope,
  input: { tenantId: string; role: TenantRole; expiresInSeconds: number },
  origin: string,
) {
  const tenantId = actingTenant(scope, input.tenantId);
  await getTenant(scope, tenantId);
  const { token, hash } = newToken();
  const id = newId("portalLink");
  const seconds = Math.min(input.expiresInSeconds, PORTAL_LINK_MAX_SECONDS);
  const expiresAt = new Date(Date.now() + seconds * 1000);
  await db.$transaction([
    db.portalLink.create({
      data: {
        id,
        tenantId,
        role: input.role,
        tokenHash: hash,
        createdBy: scope.actor.id,
        expiresAt,
      },
    }),
    audited(scope, {
      action: "portal_link.created",
      target: { type: "portal_link", id },
      tenantId,
      details: { role: input.role, expiresAt: expiresAt.toISOString() },
    }),
  ]);
  return { id, tenantId, role: input.role, url: `${origin}/portal/${token}`, expiresAt };
}

/**
 * Opens a portal link: marks it used and starts a portal session, in one statement, so two
 * browsers racing for one link cannot both win. A used or expired link opens nothing.
 */
export async function openPortalLink(token: string) {
  const session = newToken();
  const id = newId("portalSession");
  const rows = await db.$queryRaw<{ tenantId: string; expiresAt: Date }[]>`
    WITH used AS (
      UPDATE "PortalLink" SET "usedAt" = now()
      WHERE "tokenHash" = ${hashToken(token)} AND "usedAt" IS NULL AND "expiresAt" > now()
      RETURNING id, "tenantId"
    )
    INSERT INTO "PortalSession" (id, "linkId", "tokenHash", "expiresAt")
    SELECT ${id}, used.id, ${session.hash},
           now() + make_interval(secs => ${PORTAL_SESSION_SECONDS}) FROM used
    RETURNING (SELECT "tenantId" FROM used), "expiresAt"`;
  const opened = rows[0];
  if (!opened) {
    throw new DomainError("not_found", "This portal link was already used or has expired");
  }
  return { token: session.token, tenantId: opened.tenantId, expiresAt: opened.expiresAt };
}

/** The principal of a portal session cookie, or null when it is unknown or expired. */
export async function portalPrincipal(token: string): Promise<Principal | null> {
  const session = await db.portalSession.findFirst({
    where: { tokenHash: hashToken(token), expiresAt: { gt: new Date() } },
    include: { link: { include: { tenant: { select: { name: true } } } } },
  });
  if (!session) return null;
  const { link } = session;
  return {
    actor: { type: "portal", id: session.id, label: `Portal (${link.tenant.name}, ${link.role})` },
    platformRole: null,
    tenantRoles: new Map([[link.tenantId, link.role]]),
  };
}

export async function endPortalSession(token: string): Promise<void> {
  await db.portalSession.deleteMany({ where: { tokenHash: hashToken(token) } });
}
