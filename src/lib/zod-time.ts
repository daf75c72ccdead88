import { z } from "zod";

/** A point in time in a query or body: ISO-8601 (a date alone means its midnight UTC). */
export const isoTime = z.coerce.date({ error: "an ISO-8601 time such as 2026-11-23T10:00:00Z" });
