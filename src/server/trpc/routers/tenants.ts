import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "@/domain/access/api-keys";
import { actingTenant } from "@/domain/access/scope";
import { createTenantInput } from "@/domain/tenants/schemas";
import { createTenant, getTenant, listTenants } from "@/domain/tenants/tenants";
import { adminProcedure, apiProcedure, router } from "../init";

const tenant = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const apiKey = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  /** The first characters, to tell keys apart. */
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const tenantId = z.object({ id: z.string() });

export const tenantsRouter = router({
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/tenants", tags: ["tenants"] }, successStatus: 201 })
    .input(createTenantInput)
    .output(tenant)
    .mutation(({ input }) => createTenant(input)),

  /** The admin sees every tenant; a tenant key sees its own. */
  list: apiProcedure
    .meta({ openapi: { method: "GET", path: "/tenants", tags: ["tenants"] } })
    .input(z.object({}))
    .output(z.object({ items: z.array(tenant) }))
    .query(async ({ ctx }) => ({
      items: await listTenants({ id: ctx.scope.tenantId ?? undefined }),
    })),

  get: apiProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}", tags: ["tenants"] } })
    .input(tenantId)
    .output(tenant)
    .query(({ ctx, input }) => getTenant(actingTenant(ctx.scope, input.id))),

  /** The key is in this answer only; Switchyard keeps its hash. */
  createApiKey: apiProcedure
    .meta({
      openapi: { method: "POST", path: "/tenants/{id}/api-keys", tags: ["api keys"] },
      successStatus: 201,
    })
    .input(tenantId.extend({ name: z.string().max(200).default("") }))
    .output(apiKey.extend({ key: z.string() }))
    .mutation(({ ctx, input }) => createApiKey(actingTenant(ctx.scope, input.id), input.name)),

  listApiKeys: apiProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}/api-keys", tags: ["api keys"] } })
    .input(tenantId)
    .output(z.object({ items: z.array(apiKey) }))
    .query(async ({ ctx, input }) => ({
      items: await listApiKeys(actingTenant(ctx.scope, input.id)),
    })),

  revokeApiKey: apiProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tenants/{id}/api-keys/{keyId}", tags: ["api keys"] },
    })
    .input(tenantId.extend({ keyId: z.string() }))
    .output(apiKey)
    .mutation(({ ctx, input }) => revokeApiKey(actingTenant(ctx.scope, input.id), input.keyId)),
});
