import { z } from "zod";
import { getGroup } from "@/domain/subjects/groups";
import { listSubjects } from "@/domain/subjects/list-subjects";
import {
  createGroupInput,
  getGroupInput,
  getSubjectInput,
  groupOut,
  listSubjectsInput,
  registerSubjectInput,
  subjectOut,
  subjectSummaryOut,
} from "@/domain/subjects/schemas";
import { getSubject } from "@/domain/subjects/subjects";
import { createGroupAndHandOff, registerSubjectAndSchedule } from "@/jobs/requests";
import { retryProcedure, router, signedInProcedure } from "../init";

export const subjectsRouter = router({
  /** Subjects, most recently active first, filtered by state and searchable fields. */
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/subjects", tags: ["subjects"] } })
    .input(listSubjectsInput)
    .output(z.object({ items: z.array(subjectSummaryOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listSubjects(ctx.scope, input)),

  /** A subject's state and timeline; `wait=terminal&timeout=N` long-polls for its end. */
  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/subjects/{key}", tags: ["subjects"] } })
    .input(getSubjectInput)
    .output(subjectOut)
    .query(({ ctx, input }) => getSubject(ctx.scope, input)),

  /** A subject expected before any webhook, so it is polled if its callbacks are lost. */
  register: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/subjects", tags: ["subjects"] },
      successStatus: 201,
    })
    .input(registerSubjectInput)
    .output(subjectOut)
    .mutation(({ ctx, input }) => registerSubjectAndSchedule(ctx.scope, input)),
});

export const groupsRouter = router({
  /** Subjects expected together: `<type>.completed` is published once all are terminal. */
  create: retryProcedure
    .meta({
      openapi: { method: "POST", path: "/groups", tags: ["groups"] },
      successStatus: 201,
    })
    .input(createGroupInput)
    .output(groupOut)
    .mutation(({ ctx, input }) => createGroupAndHandOff(ctx.scope, input)),

  get: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/groups/{key}", tags: ["groups"] } })
    .input(getGroupInput)
    .output(groupOut)
    .query(({ ctx, input }) => getGroup(ctx.scope, input)),
});
