import { z } from "zod";
import { byId } from "@/domain/schemas";
import { sourceActivity } from "@/domain/sources/activity";
import {
  createSourceInput,
  sampleSentOut,
  sourceActivityInput,
  sourceActivityOut,
  sourceOut,
  updateSourceInput,
} from "@/domain/sources/schemas";
import { sendSample } from "@/domain/sources/send-sample";
import {
  createSource,
  deleteSource,
  getSource,
  getSourceSecret,
  listSources,
  rotateSourceSecret,
  updateSource,
} from "@/domain/sources/sources";
import { handOffEvents } from "@/jobs/hand-off";
import { log } from "@/lib/log";
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

  /** A new secret (generated unless given); the previous one is still accepted for 24 hours. */
  rotateSecret: configureProcedure
    .meta({ openapi: { method: "POST", path: "/sources/{id}/rotate-secret", tags: ["sources"] } })
    .input(byId.extend({ secret: z.string().optional() }))
    .output(sourceOut.extend({ secret: z.string() }))
    .mutation(async ({ ctx, input }) =>
      withIngestUrl(ctx.origin)(
        await rotateSourceSecret(ctx.scope, input.id, { secret: input.secret }),
      ),
    ),

  secret: configureProcedure
    .meta({ openapi: { method: "GET", path: "/sources/{id}/secret", tags: ["sources"] } })
    .input(byId)
    .output(z.object({ secret: z.string().nullable() }))
    .query(({ ctx, input }) => getSourceSecret(ctx.scope, input.id)),

  /** Per source: events in the last 24 hours and when the last one came (the console's list). */
  activity: signedInProcedure
    .input(sourceActivityInput)
    .output(z.object({ items: z.array(sourceActivityOut) }))
    .query(async ({ ctx, input }) => ({ items: await sourceActivity(ctx.scope, input) })),

  /**
   * A realistic sample webhook, signed with the source's secret and ingested like any other
   * (verified, checked, stored), then handed to processing as POST /api/webhooks/{slug} does.
   */
  sendSample: configureProcedure
    .meta({
      openapi: { method: "POST", path: "/sources/{id}/sample", tags: ["sources"] },
      successStatus: 202,
    })
    .input(byId)
    .output(sampleSentOut)
    .mutation(async ({ ctx, input }) => {
      const { acceptedIds, ...sent } = await sendSample(ctx.scope, input.id);
      // A failed hand-off is not the sender's problem: the sweeper hands the event off later.
      await handOffEvents(acceptedIds).catch((error: Error) =>
        log.warn(`Hand-off of ${sent.eventId} failed; the sweeper will retry: ${error.message}`),
      );
      return sent;
    }),
});
