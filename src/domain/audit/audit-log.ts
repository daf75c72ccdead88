import type { Scope } from "@/domain/access/scope";
import { tenantFilter } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { pageArgs, toPage } from "@/domain/pagination";
import type { AuditEntry, Prisma } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { type ListAuditLogInput, listAuditLogInput } from "./schemas";

export type AuditRecord = {
  action: string;
  target: { type: string; id: string };
  tenantId: string | null;
  /** What changed, never a secret. */
  details?: Prisma.InputJsonObject;
};

/**
 * The audit entry of a change, to run in the change's own transaction
 * (`db.$transaction([change, audited(scope, ...)])`): no change without its entry.
 */
export function audited(scope: Scope, record: AuditRecord, client: Prisma.TransactionClient = db) {
  return client.auditEntry.create({
    data: {
      id: newId("auditEntry"),
      tenantId: record.tenantId,
      actorType: scope.actor.type,
      actorId: scope.actor.id,
      actorLabel: scope.actor.label,
      action: record.action,
      targetType: record.target.type,
      targetId: record.target.id,
      details: record.details,
    },
  });
}

/** Newest first. Entries about no tenant (tenants, platform staff) only for every-tenant scopes. */
export async function listAuditLog(scope: Scope, input: ListAuditLogInput) {
  const filter = listAuditLogInput.parse(input);
  const tenantId = tenantFilter(scope, filter.tenantId);
  const rows = await db.auditEntry.findMany({
    where: tenantId === undefined ? {} : { tenantId },
    orderBy: { id: "desc" },
    ...pageArgs(filter),
  });
  const page = toPage(rows, filter.limit);
  return { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor };
}

function toAuditEntry(row: AuditEntry) {
  return {
    id: row.id,
    at: row.at,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    tenantId: row.tenantId,
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}
