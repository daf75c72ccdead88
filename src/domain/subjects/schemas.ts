import { z } from "zod";
import { eventStatus } from "@/domain/events/schemas";
import { pageInput } from "@/domain/pagination";

/** A subject with its state and its timeline (its events, oldest first). */
export const subjectOut = z.object({
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
});

/** GET /api/v1/subjects: most recently active first. */
export const listSubjectsInput = z.object({
  tenantId: z.string().optional(),
  sourceId: z.string().optional(),
  /** Subjects whose key starts with this ("call-" finds "call-1", "call-2", ...). */
  keyPrefix: z.string().min(1).max(255).optional(),
  status: z.string().min(1).max(100).optional(),
  ...pageInput,
});

export type ListSubjectsInput = z.output<typeof listSubjectsInput>;

/** A subject in a list: its key, where it comes from, how busy it is, and its state if any. */
export const subjectSummaryOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  sourceId: z.string().nullable(),
  key: z.string(),
  status: z.string().nullable(),
  state: z.unknown(),
  lastEventAt: z.date(),
  createdAt: z.date(),
  eventCount: z.number(),
});
