import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "@/domain/access/api-keys";
import { createPortalLink } from "@/domain/access/portal-links";
import {
  apiKeyOut,
  createPortalLinkInput,
  portalLinkOut,
  tenantRole,
} from "@/domain/access/schemas";
import { byId } from "@/domain/schemas";
import {
  createTenantInput,
  tenantOut,
  tenantWithCountsOut,
  updateTenantInput,
} from "@/domain/tenants/schemas";
import { createTenant, getTenant, listTenants, updateTenant } from "@/domain/tenants/tenants";
import { accessProcedure, adminProcedure, router, signedInProcedure } from "../init";

export const tenantsRouter = router({
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/tenants", tags: ["tenants"] }, successStatus: 201 })
    .input(createTenantInput)
    .output(tenantOut)
    .mutation(({ ctx, input }) => createTenant(ctx.scope, input)),

  /** Staff see every tenant; anyone else the tenants they belong to. */
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/tenants", tags: ["tenants"] } })
    .input(z.object({}))
    .output(z.object({ items: z.array(tenantWithCountsOut) }))
    .query(async ({ ctx }) => ({ items: await listTenants(ctx.scope) })),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}", tags: ["tenants"] } })
    .input(byId)
    .output(tenantOut)
    .query(({ ctx, input }) => getTenant(ctx.scope, input.id)),

  /** Its name, and how many days its events, requests, deliveries and attempts are kept. */
  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/tenants/{id}", tags: ["tenants"] } })
    .input(updateTenantInput.extend(byId.shape))
    .output(tenantOut)
    .mutation(({ ctx, input: { id, ...changes } }) => updateTenant(ctx.scope, id, changes)),

  /** The key is in this answer only; Switchyard keeps its hash. */
  createApiKey: accessProcedure
    .meta({
      openapi: { method: "POST", path: "/tenants/{id}/api-keys", tags: ["api keys"] },
      successStatus: 201,
    })
    .input(
      byId.extend({ name: z.string().max(200).default(""), role: tenantRole.default("owner") }),
    )
    .output(apiKeyOut.extend({ key: z.string() }))
    .mutation(({ ctx, input }) => createApiKey(ctx.scope, input.id, input.name, input.role)),

  listApiKeys: accessProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}/api-keys", tags: ["api keys"] } })
    .input(byId)
    .output(z.object({ items: z.array(apiKeyOut) }))
    .query(async ({ ctx, input }) => ({ items: await listApiKeys(ctx.scope, input.id) })),

  revokeApiKey: accessProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tenants/{id}/api-keys/{keyId}", tags: ["api keys"] },
    })
    .input(byId.extend({ keyId: z.string() }))
    .output(apiKeyOut)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.scope, input.id, input.keyId)),

  /** A one-time URL (valid at most 1 h) that signs a browser into this tenant's console. */
  createPortalLink: accessProcedure
    .meta({
      openapi: { method: "POST", path: "/tenants/{id}/portal-links", tags: ["portal"] },
      successStatus: 201,
    })
    .input(createPortalLinkInput)
    .output(portalLinkOut)
    .mutation(({ ctx, input }) =>
      createPortalLink(ctx.scope, { ...input, tenantId: input.id }, ctx.origin),
    ),
});
