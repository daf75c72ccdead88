import { DomainError } from "@/domain/errors";
import type { ActorType } from "@/generated/prisma/enums";

/** Who acts, as the audit log names them: a person, an API key, a portal session, the system. */
export type Actor = { readonly type: ActorType; readonly id: string; readonly label: string };

/**
 * What a caller may touch and who they are. `tenantIds: null` means every tenant (platform
 * staff, the admin key, background jobs); a list means those tenants only. Every domain
 * function that reads or changes a tenant's things takes it first and enforces it.
 */
export type Scope = { readonly tenantIds: readonly string[] | null; readonly actor: Actor };

export const systemActor: Actor = { type: "system", id: "system", label: "Switchyard" };

/** Every tenant, acting as the system: what background jobs and start-up use. */
export const everyTenant: Scope = { tenantIds: null, actor: systemActor };

export const tenantScope = (tenantId: string, actor: Actor = systemActor): Scope => ({
  tenantIds: [tenantId],
  actor,
});

/** A Prisma `where` fragment: nothing for every tenant, the caller's tenants otherwise. */
export function inScope(scope: Scope): { tenantId?: { in: string[] } } {
  return scope.tenantIds === null ? {} : { tenantId: { in: [...scope.tenantIds] } };
}

export function coversTenant(scope: Scope, tenantId: string): boolean {
  return scope.tenantIds === null || scope.tenantIds.includes(tenantId);
}

/**
 * The tenant a request acts for. A caller of one tenant may leave it out (it means that one)
 * but may not name another (403); a caller of several or of every tenant must name one.
 */
export function actingTenant(scope: Scope, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!coversTenant(scope, requested)) {
      throw new DomainError("forbidden", `You may not act for tenant "${requested}"`);
    }
    return requested;
  }
  if (scope.tenantIds?.length === 1 && scope.tenantIds[0]) return scope.tenantIds[0];
  throw new DomainError("validation_failed", "tenantId is required");
}

/** A filter on tenant: the one requested (if the caller may see it), else all they may see. */
export function tenantFilter(
  scope: Scope,
  requested: string | undefined,
): string | { in: string[] } | undefined {
  if (requested !== undefined) return actingTenant(scope, requested);
  return scope.tenantIds === null ? undefined : { in: [...scope.tenantIds] };
}
