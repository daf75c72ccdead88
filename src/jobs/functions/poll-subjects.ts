import { pollDueSubjects } from "@/domain/subjects/poll";
import { inngest } from "../client";
import { subjectPollDue } from "../events";
import { handOffEvents } from "../hand-off";
import { wakePollerFor } from "../poll-wake";

const ROUNDS_PER_RUN = 20;

/**
 * Orphan recovery: asks providers about subjects that went silent (a lost callback). One cron
 * every minute serves every subject, instead of a sleeping run per subject; polls due sooner
 * (short `after` or `every`) send a wake that this run sleeps until.
 */
export const pollSubjects = inngest.createFunction(
  {
    id: "poll-subjects",
    triggers: [{ cron: "* * * * *" }, subjectPollDue],
  },
  async ({ event, step }) => {
    if (event.name === subjectPollDue.name) {
      await step.sleepUntil("until-due", new Date((event.data as { at: string }).at));
    }
    let polled = 0;
    let nextPollAt: string | null = null;
    for (let round = 1; round <= ROUNDS_PER_RUN; round++) {
      const result = await step.run(`poll-${round}`, async () => {
        const outcome = await pollDueSubjects();
        await handOffEvents(outcome.eventIds);
        return outcome;
      });
      polled += result.polled;
      nextPollAt = result.nextPollAt;
      if (!result.more) break;
    }
    await step.run("wake-for-next", () => wakePollerFor(nextPollAt ? new Date(nextPollAt) : null));
    return { polled };
  },
);
