import { z } from "zod";
import { patchSchema } from "@/lib/zod-patch";

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

export const DEFAULT_RETENTION_DAYS = 30;

/** Days a tenant's events, inbound requests, deliveries and attempts are kept. */
export const retentionDaysSchema = z.number().int().min(1).max(3650);

// Strict: a misspelt field is refused by name, not dropped without a word.
export const createTenantInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  slug: slugSchema,
  retentionDays: retentionDaysSchema.default(DEFAULT_RETENTION_DAYS),
});

export type CreateTenantInput = z.input<typeof createTenantInput>;

/** What a PATCH may change: the slug stays, ingest URLs and links name it. */
export const updateTenantInput = patchSchema({
  name: createTenantInput.shape.name,
  retentionDays: retentionDaysSchema,
});

export type UpdateTenantInput = z.input<typeof updateTenantInput>;

export const tenantOut = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  retentionDays: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const tenantWithCountsOut = tenantOut.extend({
  counts: z.object({ sources: z.number(), endpoints: z.number(), events: z.number() }),
});
