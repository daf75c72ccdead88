import { z } from "zod";

/** Exact types ("claim.opened"), prefixes ("claim.*") or everything ("*"). */
export const eventTypePattern = z
  .string()
  .regex(
    /^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/,
    'an event type, a prefix like "claim.*", or "*"',
  );

export const createEndpointInput = z.object({
  tenantId: z.string(),
  url: z.url({ protocol: /^https?$/ }),
  description: z.string().max(500).default(""),
  eventTypes: z.array(eventTypePattern).min(1).default(["*"]),
  headers: z.record(z.string(), z.string()).default({}),
  enabled: z.boolean().default(true),
});

export type CreateEndpointInput = z.input<typeof createEndpointInput>;
