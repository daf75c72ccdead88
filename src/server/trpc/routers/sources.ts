import { z } from "zod";
import { byId } from "@/domain/schemas";
import { createSourceInput, sourceOut, updateSourceInput } from "@/domain/sources/schemas";
import {
  createSource,
  deleteSource,
  getSource,
  getSourceSecret,
  listSources,
  updateSource,
} from "@/domain/sources/sources";
import { configureProcedure, router, signedInProcedure } from "../init";

/** The domain knows the path; the request knows the host the provider should post to. */
const withIngestUrl =
  (origin: string) =>
  <T extends { ingestUrl: string }>(found: T): T => ({
    ...found,
    ingestUrl: new URL(found.ingestUrl, origin).toString(),
  });

export const sourcesRouter = router({
  /** The answer carries the ingest URL and the secret; later answers never show the secret. */
  create: configureProcedure
    .meta({ openapi: { method: "POST", path: "/sources", tags: ["sources"] }, successStatus: 201 })
    .input(createSourceInput.extend({ tenantId: z.string().optional() }))
    .output(sourceOut.extend({ secret: z.string().nullable() }))
    .mutation(async ({ ctx, input }) =>
      withIngestUrl(ctx.origin)(await createSource(ctx.scope, input)),
    ),

  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/sources", tags: ["sources"] } })
    .input(z.object({ tenantId: z.string().optional() }))
    .output(z.object({ items: z.array(sourceOut) }))
    .query(async ({ ctx, input }) => {
      const sources = await listSources(ctx.scope, input);
      return { items: sources.map(withIngestUrl(ctx.origin)) };
    }),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/sources/{id}", tags: ["sources"] } })
    .input(byId)
    .output(sourceOut)
    .query(async ({ ctx, input }) =>
      withIngestUrl(ctx.origin)(await getSource(ctx.scope, input.id)),
    ),

  update: configureProcedure
    .meta({ openapi: { method: "PATCH", path: "/sources/{id}", tags: ["sources"] } })
    .input(updateSourceInput.extend(byId.shape))
    .output(sourceOut)
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      withIngestUrl(ctx.origin)(await updateSource(ctx.scope, id, changes)),
    ),

  delete: configureProcedure
    .meta({ openapi: { method: "DELETE", path: "/sources/{id}", tags: ["sources"] } })
    .input(byId)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteSource(ctx.scope, input.id);
      return { id: input.id, deleted: true as const };
    }),

  secret: configureProcedure
    .meta({ openapi: { method: "GET", path: "/sources/{id}/secret", tags: ["sources"] } })
    .input(byId)
    .output(z.object({ secret: z.string().nullable() }))
    .query(({ ctx, input }) => getSourceSecret(ctx.scope, input.id)),
});
