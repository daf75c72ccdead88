import { z } from "zod";

/** The input of every procedure that names one thing by its id (`/things/{id}`). */
export const byId = z.object({ id: z.string() });
