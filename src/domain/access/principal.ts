import type { PlatformRole, TenantRole } from "@/generated/prisma/enums";
import type { Actor, Scope } from "./scope";

/**
 * Anyone who calls: a signed-in person, an API key, the admin key or a portal session, all
 * reduced to the same two facts: a platform role (all tenants) and roles in some tenants.
 */
export type Principal = {
  readonly actor: Actor;
  readonly platformRole: PlatformRole | null;
  readonly tenantRoles: ReadonlyMap<string, TenantRole>;
};

/**
 * What a procedure needs. `read`: see data. `retry`: retry deliveries and replay events.
 * `configure`: change sources and endpoints, publish, send tests. `manageAccess`: a tenant's
 * API keys, people and portal links. `administer`: tenants and platform staff.
 */
export type Permission = "read" | "retry" | "configure" | "manageAccess" | "administer";

// PRODUCT.md, "People, roles and the console".
const platformGrants: Record<PlatformRole, readonly Permission[]> = {
  admin: ["read", "retry", "configure", "manageAccess", "administer"],
  operator: ["read", "retry", "configure"],
  viewer: ["read"],
};
const tenantGrants: Record<TenantRole, readonly Permission[]> = {
  owner: ["read", "retry", "configure", "manageAccess"],
  member: ["read", "retry"],
};

/** The scope in which a principal holds a permission: every tenant, some, or none (null). */
export function scopeFor(principal: Principal, permission: Permission): Scope | null {
  const { actor, platformRole, tenantRoles } = principal;
  if (platformRole && platformGrants[platformRole].includes(permission)) {
    return { tenantIds: null, actor };
  }
  const tenantIds = [...tenantRoles]
    .filter(([, role]) => tenantGrants[role].includes(permission))
    .map(([tenantId]) => tenantId);
  // Reading is never refused outright: someone with no tenant yet simply sees nothing.
  if (tenantIds.length === 0 && permission !== "read") return null;
  return { tenantIds, actor };
}
