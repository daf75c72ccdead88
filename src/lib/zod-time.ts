import { z } from "zod";

const message = "an ISO-8601 time such as 2026-11-23T10:00:00Z";

/**
 * A point in time in a query or body: ISO-8601 (a date alone means its midnight UTC). From
 * year 1: JavaScript holds dates before 4713 BC, PostgreSQL refuses them (a 500).
 */
export const isoTime = z.coerce.date({ error: message }).min(new Date("0001-01-01T00:00:00Z"), {
  error: `${message}, from year 1`,
});
