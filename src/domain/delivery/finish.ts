import { db } from "@/domain/db";
import { countDelivery } from "@/domain/stats/rollups";

/** Retries exhausted (or the endpoint disabled): the delivery ends failed, counted once. */
export async function finishDelivery(
  deliveryId: string,
  status: "succeeded" | "failed",
  receivedAt: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const ended = await tx.delivery.updateManyAndReturn({
      where: { id: deliveryId, status: "pending" },
      data: { status, nextAttemptAt: null },
      select: { tenantId: true, endpointId: true },
    });
    for (const { tenantId, endpointId } of ended) {
      await countDelivery(tx, { tenantId, endpointId, outcome: status, receivedAt });
    }
  });
}
