import { actingTenant, inScope, type Scope } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { getEndpointRow } from "@/domain/endpoints/endpoints";
import { DomainError } from "@/domain/errors";
import type { BulkRetry, Prisma } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { type BulkRetryInput, bulkRetryInput } from "./schemas";

const BATCH_SIZE = 200;

type Filter = { status: "failed" | "pending"; from?: string; to?: string };

/**
 * Starts a bulk retry of the deliveries matching a filter, counted now: deliveries created
 * later are not part of it. Deliveries to disabled endpoints are left out (they would fail
 * at once); the caller requests the run that works through it batch by batch.
 */
export async function startBulkRetry(
  scope: Scope,
  input: BulkRetryInput,
  kind: "bulk" | "recover" = "bulk",
) {
  const data = bulkRetryInput.parse(input);
  const endpoint = data.endpointId ? await getEndpointRow(scope, data.endpointId) : null;
  if (endpoint && !endpoint.enabled) {
    throw new DomainError("conflict", `Endpoint "${endpoint.id}" is disabled; enable it first`);
  }
  // Every tenant's deliveries only for an every-tenant scope that names none.
  const tenantId =
    endpoint?.tenantId ??
    (scope.tenantIds === null && data.tenantId === undefined
      ? null
      : actingTenant(scope, data.tenantId));
  const filter: Filter = {
    status: data.status,
    from: data.from?.toISOString(),
    to: data.to?.toISOString(),
  };
  const createdAt = new Date();
  const row = {
    id: newId("bulkRetry"),
    tenantId,
    endpointId: endpoint?.id ?? null,
    kind,
    filter,
    createdAt,
  };
  const total = await db.delivery.count({ where: matching(row) });
  const [created] = await db.$transaction([
    db.bulkRetry.create({ data: { ...row, total } }),
    audited(scope, {
      action: kind === "recover" ? "endpoint.recovered" : "deliveries.bulk_retried",
      target: endpoint ? { type: "endpoint", id: endpoint.id } : { type: "bulk_retry", id: row.id },
      tenantId,
      details: { bulkRetryId: row.id, total, ...filter },
    }),
  ]);
  return toProgress(created);
}

/** Everything that failed to one endpoint since a time is sent again. */
export function recoverEndpoint(scope: Scope, endpointId: string, since: Date) {
  return startBulkRetry(scope, { endpointId, status: "failed", from: since }, "recover");
}

/**
 * Reopens the next batch of a bulk retry and returns the deliveries to request, or none when
 * it is finished. Progress and the cursor move in the same transaction as the reopening.
 */
export async function reopenNextBatch(bulkRetryId: string) {
  return db.$transaction(async (tx) => {
    const bulk = await tx.bulkRetry.findUniqueOrThrow({ where: { id: bulkRetryId } });
    if (bulk.status === "completed") return [];
    const batch = await tx.delivery.findMany({
      where: { ...matching(bulk), ...(bulk.cursor ? { id: { gt: bulk.cursor } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH_SIZE,
      select: { id: true, endpointId: true },
    });
    await tx.delivery.updateMany({
      where: { id: { in: batch.map((delivery) => delivery.id) } },
      data: { status: "pending", nextAttemptAt: new Date() },
    });
    const finished = batch.length < BATCH_SIZE;
    await tx.bulkRetry.update({
      where: { id: bulkRetryId },
      data: {
        done: { increment: batch.length },
        cursor: batch.at(-1)?.id ?? bulk.cursor,
        ...(finished ? { status: "completed", finishedAt: new Date() } : {}),
      },
    });
    return batch.map((delivery) => ({ deliveryId: delivery.id, endpointId: delivery.endpointId }));
  });
}

/** Forgets a bulk retry that could not be started (nothing was reopened yet). */
export async function dropBulkRetry(id: string): Promise<void> {
  await db.bulkRetry.deleteMany({ where: { id, done: 0 } });
}

export async function getBulkRetry(scope: Scope, id: string) {
  const row = await db.bulkRetry.findFirst({ where: { id, ...inScope(scope) } });
  if (!row) throw new DomainError("not_found", `No bulk retry "${id}"`);
  return toProgress(row);
}

function matching(
  bulk: Pick<BulkRetry, "tenantId" | "endpointId" | "createdAt"> & {
    filter: unknown;
  },
): Prisma.DeliveryWhereInput {
  const filter = bulk.filter as Filter;
  return {
    ...(bulk.tenantId ? { tenantId: bulk.tenantId } : {}),
    endpointId: bulk.endpointId ?? undefined,
    status: filter.status,
    endpoint: { enabled: true },
    createdAt: {
      lte: filter.to && new Date(filter.to) < bulk.createdAt ? new Date(filter.to) : bulk.createdAt,
      ...(filter.from ? { gte: new Date(filter.from) } : {}),
    },
  };
}

function toProgress(row: BulkRetry) {
  const { cursor: _cursor, filter, ...rest } = row;
  return { ...rest, filter: filter as Filter };
}
