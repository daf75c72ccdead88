import { z } from "zod";
import { eventStatus } from "@/domain/events/schemas";
import { getSubject } from "@/domain/subjects/subjects";
import { router, signedInProcedure } from "../init";

export const subjectsRouter = router({
  /** A subject's state and timeline (its events, oldest first). */
  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/subjects/{key}", tags: ["subjects"] } })
    .input(z.object({ key: z.string().min(1), tenantId: z.string().optional() }))
    .output(
      z.object({
        id: z.string(),
        tenantId: z.string(),
        sourceId: z.string().nullable(),
        key: z.string(),
        status: z.string().nullable(),
        state: z.unknown(),
        lastEventAt: z.date(),
        createdAt: z.date(),
        timeline: z.array(
          z.object({
            id: z.string(),
            sourceId: z.string().nullable(),
            type: z.string(),
            origin: z.string(),
            status: eventStatus,
            error: z.string().nullable(),
            receivedAt: z.date(),
            processedAt: z.date().nullable(),
            payload: z.unknown(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => getSubject(ctx.scope, input.key, input.tenantId)),
});
