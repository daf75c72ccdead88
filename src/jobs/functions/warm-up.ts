import { warmDeliveryPath } from "@/domain/delivery/attempt";
import { inngest } from "../client";
import { runnerStarted } from "../events";

/**
 * Once when the embedded runner starts: a run through everything a delivery's run goes
 * through (stored event, run, SDK call, step, checkpoint, end) and the delivery code with
 * nothing to send. Without it the first webhooks after a start waited about 400 ms for code
 * running for the first time, against 20-50 ms once warm (`npm run bench:delivery`, steady).
 * Served by the embedded runner only (src/server/runner-thread.ts): Inngest's workers are
 * warm on their own.
 */
export const warmUpRunner = inngest.createFunction(
  { id: "warm-up-runner", triggers: [runnerStarted], retries: 0 },
  async ({ step }) => {
    await step.run("deliver-nothing", () => warmDeliveryPath());
    return { warmed: true };
  },
);
