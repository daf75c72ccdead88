import { findEventsAwaitingHandOff } from "@/domain/events/lifecycle";
import { inngest } from "../client";
import { handOffEvents } from "../hand-off";

/** Nothing committed is left unprocessed: events whose hand-off never happened get it now. */
export const sweepHandOffs = inngest.createFunction(
  { id: "sweep-hand-offs", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
  async ({ step }) => {
    const eventIds = await step.run("find", () => findEventsAwaitingHandOff());
    if (eventIds.length > 0) await step.run("hand-off", () => handOffEvents(eventIds));
    return { handedOff: eventIds.length };
  },
);
