import { inScope, type Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";

const eventStatuses = ["received", "processing", "completed", "failed"] as const;
const deliveryStatuses = ["pending", "succeeded", "failed"] as const;

/** The console's first screen: how much there is, and how it is going. */
export async function getOverview(scope: Scope) {
  const where = inScope(scope);
  const [tenants, sources, endpoints, eventGroups, deliveryGroups] = await Promise.all([
    db.tenant.count({ where: where.tenantId ? { id: where.tenantId } : {} }),
    db.source.count({ where }),
    db.endpoint.count({ where }),
    db.event.groupBy({ by: ["status"], where, _count: { _all: true } }),
    db.delivery.groupBy({ by: ["status"], where, _count: { _all: true } }),
  ]);
  return {
    tenants,
    sources,
    endpoints,
    events: countsByStatus(eventStatuses, eventGroups),
    deliveries: countsByStatus(deliveryStatuses, deliveryGroups),
  };
}

/** Every status present, with zero where the database had no row for it. */
function countsByStatus<S extends string>(
  statuses: readonly S[],
  groups: { status: string; _count: { _all: number } }[],
): Record<S, number> {
  const counts = {} as Record<S, number>;
  for (const status of statuses) {
    counts[status] = groups.find((group) => group.status === status)?._count._all ?? 0;
  }
  return counts;
}
