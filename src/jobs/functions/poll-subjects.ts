import { claimDuePolls } from "@/domain/subjects/claim-polls";
import { pollClaimedSubjects } from "@/domain/subjects/poll";
import { inngest } from "../client";
import { subjectPollDue, subjectPollsClaimed } from "../events";
import { handOffEvents } from "../hand-off";
import { wakePollerFor } from "../poll-wake";

const ROUNDS_PER_RUN = 20;

/**
 * Orphan recovery: finds subjects that went silent (a lost callback) and hands each source's
 * to a run of its own, so a provider that hangs until its timeout holds up no other. One cron
 * every minute serves every subject, instead of a sleeping run per subject; polls due sooner
 * (short `after` or `every`) send a wake that this run sleeps until.
 */
export const findSilentSubjects = inngest.createFunction(
  {
    id: "poll-subjects",
    triggers: [{ cron: "* * * * *" }, subjectPollDue],
  },
  async ({ event, step }) => {
    if (event.name === subjectPollDue.name) {
      await step.sleepUntil("until-due", new Date((event.data as { at: string }).at));
    }
    let claimedSubjects = 0;
    for (let round = 1; round <= ROUNDS_PER_RUN; round++) {
      const claimed = await step.run(`claim-${round}`, async () => {
        const due = await claimDuePolls();
        await wakePollerFor(due.nextPollAt);
        return due;
      });
      if (claimed.bySource.length === 0) break;
      await step.sendEvent(
        `poll-${round}`,
        claimed.bySource.map((polls) => subjectPollsClaimed.create(polls)),
      );
      claimedSubjects += claimed.bySource.reduce((n, polls) => n + polls.subjectIds.length, 0);
      if (!claimed.more) break;
    }
    return { claimedSubjects };
  },
);

/** Asks one provider about its claimed subjects, a few at a time, and records what it learns. */
export const pollSourceSubjects = inngest.createFunction(
  {
    id: "poll-source-subjects",
    triggers: [subjectPollsClaimed],
    // One round per provider at a time: it is asked about a few subjects at once, no more.
    concurrency: { key: "event.data.sourceId", limit: 1 },
  },
  async ({ event, step }) => {
    const outcome = await step.run("poll", async () => {
      const round = await pollClaimedSubjects(event.data.subjectIds);
      await handOffEvents(round.eventIds);
      await wakePollerFor(round.nextPollAt);
      return round;
    });
    return { polled: outcome.polled, failed: outcome.failed };
  },
);
