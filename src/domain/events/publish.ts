import { actingTenant, type Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { isUniqueViolation } from "@/domain/prisma-errors";
import { getTenant } from "@/domain/tenants/tenants";
import type { EventStatus } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { type PublishEventInput, publishEventInput } from "./schemas";

export interface Published {
  id: string;
  tenantId: string;
  type: string;
  status: EventStatus;
  /** True when the idempotency key was seen before: this is the first event, not a new one. */
  duplicate: boolean;
}

/**
 * Stores a published event (origin "published"); the caller hands it off after the commit,
 * and the sweeper does if the process dies in between. A repeated idempotency key returns
 * the first event, so a publisher may retry freely.
 */
export async function publishEvent(scope: Scope, input: PublishEventInput): Promise<Published> {
  const data = publishEventInput.parse(input);
  const tenantId = actingTenant(scope, data.tenantId);
  await getTenant(scope, tenantId);
  const publishKey = data.idempotencyKey ?? null;
  try {
    const event = await db.$transaction(async (tx) => {
      const subject = data.subject
        ? await tx.subject.upsert({
            where: { tenantId_key: { tenantId, key: data.subject } },
            create: { id: newId("subject"), tenantId, key: data.subject },
            update: { lastEventAt: new Date() },
            select: { id: true },
          })
        : null;
      return tx.event.create({
        data: {
          id: newId("event"),
          tenantId,
          subjectId: subject?.id,
          type: data.type,
          origin: "published",
          publishKey,
          payload: data.data as object,
        },
        select: { id: true, tenantId: true, type: true, status: true },
      });
    });
    return { ...event, duplicate: false };
  } catch (error) {
    // The (tenant, key) unique index decides, also for two publishes at the same moment: a
    // repeated key rolls the insert back and gets the first event.
    const existing =
      publishKey && isUniqueViolation(error) ? await findPublished(tenantId, publishKey) : null;
    if (existing) return { ...existing, duplicate: true };
    throw error;
  }
}

function findPublished(tenantId: string, publishKey: string) {
  return db.event.findUnique({
    where: { tenantId_publishKey: { tenantId, publishKey } },
    select: { id: true, tenantId: true, type: true, status: true },
  });
}
