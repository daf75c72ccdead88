import { inngest } from "./client";
import { subjectPollDue } from "./events";

/** The poller's cron ticks every minute; a poll due sooner than the next tick needs a wake. */
const CRON_TICK_MS = 60_000;

/**
 * Wakes the poller for a poll due before its next cron tick (tests poll after seconds).
 * Wakes for the same second share an event id, so a burst of callbacks sends one run.
 */
export async function wakePollerFor(nextPollAt: Date | null): Promise<void> {
  if (!nextPollAt || nextPollAt.getTime() - Date.now() >= CRON_TICK_MS) return;
  const second = Math.ceil(nextPollAt.getTime() / 1000);
  await inngest.send(
    subjectPollDue.create(
      { at: new Date(second * 1000).toISOString() },
      { id: `subject-poll-due-${second}` },
    ),
  );
}
