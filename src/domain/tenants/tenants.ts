import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { isUniqueViolation } from "@/domain/prisma-errors";
import { newId } from "@/lib/ids";
import { type CreateTenantInput, createTenantInput } from "./schemas";

export async function createTenant(input: CreateTenantInput) {
  const data = createTenantInput.parse(input);
  try {
    return await db.tenant.create({ data: { id: newId("tenant"), ...data } });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `A tenant with slug "${data.slug}" already exists`);
    }
    throw error;
  }
}

/** Every tenant (or only one, for a tenant's own key) with how much it owns, newest first. */
export async function listTenants(filter: { id?: string } = {}) {
  const tenants = await db.tenant.findMany({
    where: { id: filter.id },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { sources: true, endpoints: true, events: true } } },
  });
  return tenants.map(({ _count, ...tenant }) => ({ ...tenant, counts: _count }));
}

export async function getTenant(id: string) {
  const tenant = await db.tenant.findUnique({ where: { id } });
  if (!tenant) throw new DomainError("not_found", `No tenant "${id}"`);
  return tenant;
}
