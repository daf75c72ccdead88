import { coversTenant, inScope, type Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { isUniqueViolation } from "@/domain/prisma-errors";
import { newId } from "@/lib/ids";
import {
  type CreateTenantInput,
  createTenantInput,
  type UpdateTenantInput,
  updateTenantInput,
} from "./schemas";

/** Creating tenants is for every-tenant scopes (platform admins, the admin key). */
export async function createTenant(scope: Scope, input: CreateTenantInput) {
  if (scope.tenantIds !== null)
    throw new DomainError("forbidden", "Only platform admins create tenants");
  const data = createTenantInput.parse(input);
  const id = newId("tenant");
  try {
    const [tenant] = await db.$transaction([
      db.tenant.create({ data: { id, ...data } }),
      audited(scope, {
        action: "tenant.created",
        target: { type: "tenant", id },
        tenantId: id,
        details: { slug: data.slug, name: data.name, retentionDays: data.retentionDays },
      }),
    ]);
    return tenant;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `A tenant with slug "${data.slug}" already exists`);
    }
    throw error;
  }
}

/** The tenants a scope covers, with how much each owns, newest first. */
export async function listTenants(scope: Scope) {
  const tenants = await db.tenant.findMany({
    where: scope.tenantIds === null ? {} : { id: inScope(scope).tenantId },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { sources: true, endpoints: true } } },
  });
  // Events are counted from the hourly rollups: counting the events themselves reads every
  // row of a tenant's history (seconds at a million events).
  const eventCounts = await db.eventRollup.groupBy({
    by: ["tenantId"],
    where: { grain: "hour", tenantId: { in: tenants.map((tenant) => tenant.id) } },
    _sum: { events: true },
  });
  const events = new Map(eventCounts.map((row) => [row.tenantId, row._sum.events ?? 0]));
  return tenants.map(({ _count, ...tenant }) => ({
    ...tenant,
    counts: { ..._count, events: events.get(tenant.id) ?? 0 },
  }));
}

/** Another scope's tenant is "not found", like any other thing it may not see. */
export async function getTenant(scope: Scope, id: string) {
  const tenant = coversTenant(scope, id) ? await db.tenant.findUnique({ where: { id } }) : null;
  if (!tenant) throw new DomainError("not_found", `No tenant "${id}"`);
  return tenant;
}

/** Renaming a tenant or changing how long its history is kept is for every-tenant scopes. */
export async function updateTenant(scope: Scope, id: string, input: UpdateTenantInput) {
  if (scope.tenantIds !== null)
    throw new DomainError("forbidden", "Only platform admins change tenants");
  const changes = updateTenantInput.parse(input);
  await getTenant(scope, id);
  const [tenant] = await db.$transaction([
    db.tenant.update({ where: { id }, data: changes }),
    audited(scope, {
      action: "tenant.updated",
      target: { type: "tenant", id },
      tenantId: id,
      details: changes,
    }),
  ]);
  return tenant;
}
