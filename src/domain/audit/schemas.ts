import { z } from "zod";
import { pageInput } from "@/domain/pagination";
import { ActorType } from "@/generated/prisma/enums";

export const actor = z.object({ type: z.enum(ActorType), id: z.string(), label: z.string() });

/** One line of the audit log (PRODUCT.md): who did what to which thing, and when. */
export const auditEntryOut = z.object({
  id: z.string(),
  at: z.date(),
  actor,
  /** `<thing>.<verb>`: endpoint.created, delivery.retried, member.invited, ... */
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  tenantId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const listAuditLogInput = z.object({ tenantId: z.string().optional(), ...pageInput });
export type ListAuditLogInput = z.input<typeof listAuditLogInput>;
