import { z } from "zod";
import { subjectOut } from "@/domain/subjects/schemas";
import { getSubject } from "@/domain/subjects/subjects";
import { router, signedInProcedure } from "../init";

export const subjectsRouter = router({
  /** A subject's state and timeline (its events, oldest first). */
  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/subjects/{key}", tags: ["subjects"] } })
    .input(z.object({ key: z.string().min(1), tenantId: z.string().optional() }))
    .output(subjectOut)
    .query(({ ctx, input }) => getSubject(ctx.scope, input.key, input.tenantId)),
});
