import { z } from "zod";
import { eventStatus } from "@/domain/events/schemas";
import { pageInput } from "@/domain/pagination";
import { EventOrigin, SubjectUpdater } from "@/generated/prisma/enums";

/** A subject's state (PRODUCT.md "Tracked subjects"), as every read returns it. */
const subjectState = {
  id: z.string(),
  tenantId: z.string(),
  sourceId: z.string().nullable(),
  key: z.string(),
  status: z.string().nullable(),
  terminal: z.boolean(),
  terminalAt: z.date().nullable(),
  progress: z.number().nullable(),
  result: z.unknown(),
  error: z.unknown(),
  fields: z.record(z.string(), z.string()),
  updatedBy: z.enum(SubjectUpdater).nullable(),
  lastEventAt: z.date(),
  /** When the provider is next asked (a source with a poll rule), and how the last ask went. */
  nextPollAt: z.date().nullable(),
  lastPolledAt: z.date().nullable(),
  pollFailures: z.number(),
  lastPollError: z.string().nullable(),
  createdAt: z.date(),
};

/** One event on a subject's timeline; `subjectStatus` is the status it carried, if any. */
export const timelineEntryOut = z.object({
  id: z.string(),
  sourceId: z.string().nullable(),
  type: z.string(),
  origin: z.enum(EventOrigin),
  status: eventStatus,
  subjectStatus: z.string().nullable(),
  /** A status that came after the subject was terminal: kept, but it changed nothing. */
  ignored: z.boolean(),
  error: z.string().nullable(),
  receivedAt: z.date(),
  processedAt: z.date().nullable(),
  payload: z.unknown(),
});

/** A subject with its state and its timeline (its events, oldest first). */
export const subjectOut = z.object({
  ...subjectState,
  /** The groups it belongs to, by key. */
  groups: z.array(z.string()),
  timeline: z.array(timelineEntryOut),
});

/** A subject in a list: its state and how many events it has. */
export const subjectSummaryOut = z.object({ ...subjectState, eventCount: z.number() });

const booleanText = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((value) => value === true || value === "true");

const FIELD_PREFIX = "field.";

const listSubjectsShape = {
  tenantId: z.string().optional(),
  sourceId: z.string().optional(),
  /** Subjects whose key starts with this ("call-" finds "call-1", "call-2", ...). */
  keyPrefix: z.string().min(1).max(255).optional(),
  status: z.string().min(1).max(200).optional(),
  terminal: booleanText.optional(),
  ...pageInput,
};

/**
 * GET /api/v1/subjects: most recently active first. Searchable fields are filtered with
 * `field.<name>=<value>` parameters (any number of them); no other unknown key is accepted.
 */
export const listSubjectsInput = z
  .object(listSubjectsShape)
  .catchall(z.string().max(200))
  .superRefine((input, ctx) => {
    for (const key of Object.keys(input)) {
      if (key in listSubjectsShape || /^field\.[A-Za-z][A-Za-z0-9_-]{0,49}$/.test(key)) continue;
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `Unknown filter "${key}": filter searchable fields with field.<name>=<value>`,
      });
    }
  });

/** The `field.<name>` filters of a list request, by field name. */
export function fieldFilters(input: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith(FIELD_PREFIX) && typeof value === "string")
      fields[key.slice(FIELD_PREFIX.length)] = value;
  }
  return fields;
}

export type ListSubjectsInput = z.output<typeof listSubjectsInput>;

/** GET /api/v1/subjects/{key}: `wait=terminal` holds the answer until the subject is terminal. */
export const getSubjectInput = z.object({
  key: z.string().min(1).max(500),
  sourceId: z.string().optional(),
  tenantId: z.string().optional(),
  wait: z.enum(["terminal"]).optional(),
  /** Seconds to wait, at most 60 (default 30). */
  timeout: z.coerce.number().min(0).max(60, "timeout is at most 60 seconds").default(30),
});

export type GetSubjectInput = z.output<typeof getSubjectInput>;

/** POST /api/v1/subjects: a subject expected before any webhook, so it is polled if silent. */
export const registerSubjectInput = z.object({
  sourceId: z.string().min(1),
  key: z.string().min(1).max(500),
  fields: z.record(z.string().min(1).max(50), z.string().max(200)).optional(),
});

/** POST /api/v1/groups: subjects whose completion together publishes `<type>.completed`. */
export const createGroupInput = z.object({
  sourceId: z.string().min(1),
  key: z.string().min(1).max(500),
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, "an event type word such as batch"),
  members: z.array(z.string().min(1).max(500)).min(1).max(10_000),
});

export const getGroupInput = z.object({
  key: z.string().min(1).max(500),
  sourceId: z.string().optional(),
  tenantId: z.string().optional(),
});

export const groupOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  sourceId: z.string(),
  key: z.string(),
  type: z.string(),
  total: z.number(),
  terminal: z.number(),
  statuses: z.record(z.string(), z.number()),
  completedAt: z.date().nullable(),
  completionEventId: z.string().nullable(),
  createdAt: z.date(),
});
