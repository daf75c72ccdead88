import { inScope, type Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";

/**
 * The tenants and sources a caller may filter lists by, with their names: only names and
 * ids, so the console's filters never pay for counts or configuration.
 */
export async function listFilterChoices(scope: Scope) {
  const where = inScope(scope);
  const [tenants, sources] = await Promise.all([
    db.tenant.findMany({
      where: where.tenantId ? { id: where.tenantId } : {},
      orderBy: { name: "asc" },
      select: { id: true, name: true, slug: true },
    }),
    db.source.findMany({
      where,
      orderBy: { name: "asc" },
      select: { id: true, name: true, slug: true, tenantId: true },
    }),
  ]);
  return { tenants, sources };
}
