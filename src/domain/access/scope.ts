import { DomainError } from "@/domain/errors";

/**
 * Whose data a caller may touch: one tenant's (a tenant API key) or every tenant's (the admin
 * key). Domain functions that read or change a tenant's things take it and enforce it.
 */
export type Scope = { readonly tenantId: string } | { readonly tenantId: null };

/** The admin's scope, and the one background jobs act in. */
export const everyTenant: Scope = { tenantId: null };

export const tenantScope = (tenantId: string): Scope => ({ tenantId });

/** A Prisma `where` fragment: nothing for the admin, the tenant's id otherwise. */
export function inScope(scope: Scope): { tenantId?: string } {
  return scope.tenantId === null ? {} : { tenantId: scope.tenantId };
}

/**
 * The tenant a request acts for. A tenant key may leave it out (it means its own) but may not
 * name another (403); the admin must name one when the action belongs to a tenant.
 */
export function actingTenant(scope: Scope, requested: string | undefined): string {
  if (scope.tenantId !== null) {
    if (requested !== undefined && requested !== scope.tenantId) {
      throw new DomainError("forbidden", "This API key belongs to another tenant");
    }
    return scope.tenantId;
  }
  if (requested === undefined) {
    throw new DomainError("validation_failed", "tenantId is required");
  }
  return requested;
}

/** A filter on tenant: the admin may filter by any (or none), a tenant key only by its own. */
export function tenantFilter(scope: Scope, requested: string | undefined): string | undefined {
  return scope.tenantId === null ? requested : actingTenant(scope, requested);
}
