import { z } from "zod";
import { slugSchema } from "@/domain/tenants/schemas";

// The first cut of a source's configuration; the inbound issue adds every scheme of PRODUCT.md.
export const verificationInput = z.discriminatedUnion("scheme", [
  z.object({ scheme: z.literal("none"), secret: z.undefined().optional() }),
  z.object({
    scheme: z.literal("shared_secret"),
    header: z.string().default("x-webhook-token"),
    secret: z.string().min(1),
  }),
]);

export const createSourceInput = z.object({
  tenantId: z.string(),
  slug: slugSchema,
  name: z.string().trim().min(1).max(200),
  verification: verificationInput.default({ scheme: "none" }),
  idempotency: z
    .discriminatedUnion("from", [
      z.object({ from: z.literal("body") }),
      z.object({ from: z.literal("header"), header: z.string().min(1) }),
      z.object({ from: z.literal("paths"), paths: z.array(z.string().min(1)).min(1) }),
    ])
    .default({ from: "body" }),
  eventType: z
    .union([
      z.object({ fixed: z.string().min(1) }),
      z.object({ from: z.literal("path"), path: z.string().min(1) }),
      z.object({ from: z.literal("header"), header: z.string().min(1) }),
    ])
    .default({ fixed: "webhook.received" }),
});

export type CreateSourceInput = z.input<typeof createSourceInput>;
