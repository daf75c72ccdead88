import { z } from "zod";
import { listSubjects } from "@/domain/subjects/list-subjects";
import { listSubjectsInput, subjectOut, subjectSummaryOut } from "@/domain/subjects/schemas";
import { getSubject } from "@/domain/subjects/subjects";
import { router, signedInProcedure } from "../init";

export const subjectsRouter = router({
  /** Subjects, most recently active first, with their event counts (keyset pages). */
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/subjects", tags: ["subjects"] } })
    .input(listSubjectsInput)
    .output(z.object({ items: z.array(subjectSummaryOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listSubjects(ctx.scope, input)),

  /** A subject's state and timeline (its events, oldest first). */
  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/subjects/{key}", tags: ["subjects"] } })
    .input(z.object({ key: z.string().min(1), tenantId: z.string().optional() }))
    .output(subjectOut)
    .query(({ ctx, input }) => getSubject(ctx.scope, input.key, input.tenantId)),
});
