import { z } from "zod";
import { pageInput } from "@/domain/pagination";
import { JobRunStatus } from "@/generated/prisma/enums";

export const runStatus = z.enum(JobRunStatus);

export const listRunsInput = z.object({
  /** The function's full id, as the runner stores it ("switchyard-deliver"). */
  functionId: z.string().optional(),
  status: runStatus.optional(),
  ...pageInput,
});

export type ListRunsInput = z.output<typeof listRunsInput>;

/** What a run or a step threw, as the SDK serialised it. */
export const runErrorOut = z.object({
  name: z.string().nullable(),
  message: z.string(),
  stack: z.string().nullable(),
});

export const runRowOut = z.object({
  id: z.string(),
  functionId: z.string(),
  status: runStatus,
  /** The name of the event that started it. */
  eventName: z.string().nullable(),
  /** Calls the most retried step (or the current call) took: 1 when nothing was retried. */
  attempts: z.number(),
  stepCount: z.number(),
  error: runErrorOut.nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  /** From start to end; null until it ends. */
  durationMs: z.number().nullable(),
});

/** Who runs the jobs: with Inngest, its own dashboard shows the runs. */
export const runnerModeOut = z.enum(["embedded", "inngest"]);

export const runPageOut = z.object({
  runner: runnerModeOut,
  items: z.array(runRowOut),
  nextCursor: z.string().nullable(),
});

export const stepOut = z.object({
  id: z.string(),
  name: z.string(),
  /** StepRun, StepFailed, Sleep: the SDK's op. */
  op: z.string(),
  status: z.enum(["completed", "failed"]),
  /** Failed calls before its result, plus the one that gave it. */
  attempts: z.number(),
  startedAt: z.date(),
  endedAt: z.date(),
  durationMs: z.number(),
  /** What the step returned (null for a sleep). */
  output: z.unknown(),
  error: runErrorOut.nullable(),
});

/** Steps a run still waits on: a sleep until its time, or a step planned by a parallel group. */
export const waitingStepOut = z.object({
  name: z.string(),
  kind: z.enum(["sleep", "planned"]),
  until: z.date().nullable(),
});

export const runDetailOut = runRowOut.extend({
  /** The triggering event as the function received it: {name, data, id, ts}. */
  event: z.unknown(),
  /** A batched function's events (batchEvents), the first of them `event`; null otherwise. */
  events: z.array(z.unknown()).nullable(),
  output: z.unknown(),
  maxAttempts: z.number(),
  /** When it is called next (a retry's backoff, a sleep), while it has not ended. */
  nextAt: z.date().nullable(),
  steps: z.array(stepOut),
  waiting: z.array(waitingStepOut),
});
