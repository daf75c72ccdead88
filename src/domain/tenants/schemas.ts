import { z } from "zod";

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

// Strict: a misspelt field is refused by name, not dropped without a word.
export const createTenantInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  slug: slugSchema,
});

export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const tenantOut = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const tenantWithCountsOut = tenantOut.extend({
  counts: z.object({ sources: z.number(), endpoints: z.number(), events: z.number() }),
});
