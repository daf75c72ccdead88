import { serve } from "inngest/next";
import { inngest, usesEmbeddedRunner } from "@/jobs/client";
import { functions } from "@/jobs/functions";

const handlers = serve({ client: inngest, functions });
const notServed = () =>
  Response.json(
    {
      error: {
        code: "not_found",
        message: "Inngest is not configured: the embedded runner runs the functions",
      },
    },
    { status: 404 },
  );

// Only Inngest (Cloud or self-hosted, which sign their requests) calls this route; with the
// embedded runner the functions are called in-process and this route would be an open door.
export const GET = usesEmbeddedRunner ? notServed : handlers.GET;
export const POST = usesEmbeddedRunner ? notServed : handlers.POST;
export const PUT = usesEmbeddedRunner ? notServed : handlers.PUT;
