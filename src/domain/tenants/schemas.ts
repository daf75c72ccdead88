import { z } from "zod";

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

export const createTenantInput = z.object({
  name: z.string().trim().min(1).max(200),
  slug: slugSchema,
});

export type CreateTenantInput = z.infer<typeof createTenantInput>;
