import { z } from "zod";

/** The input of every procedure that names one thing by its id (`/things/{id}`). */
export const byId = z.object({ id: z.string() });

/** A dotted path into a JSON item ("message.call.id", "items.0.sku"). */
export const jsonPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dotted JSON path such as "message.call.id"');

/** A header name, lower-cased (HTTP header names are case-insensitive). */
export const headerName = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9-]+$/, "a header name")
  .overwrite((h) => h.toLowerCase());
