import { z } from "zod";
import { eventStatus } from "@/domain/events/schemas";

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
