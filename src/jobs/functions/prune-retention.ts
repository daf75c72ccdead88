import { everyTenant } from "@/domain/access/scope";
import { type PruneRound, pruneMinuteRollups, pruneTenantsRound } from "@/domain/retention/rounds";
import { inngest } from "../client";

/** Each step stays short, so a step's retry redoes little and a deploy interrupts little. */
const STEP_BUDGET_MS = 20_000;
/** Under the 10-minute schedule; a backlog left over goes on in the next run. */
const ROUNDS_PER_RUN = 20;

/**
 * Retention: every 10 minutes, deletes each tenant's events, inbound requests, deliveries and
 * attempts past its retentionDays, a batch per statement, tenants in id order across steps;
 * then minute rollups past their longer bound.
 */
export const pruneRetention = inngest.createFunction(
  { id: "prune-retention", triggers: [{ cron: "*/10 * * * *" }], concurrency: { limit: 1 } },
  async ({ step }) => {
    let from: string | null = null;
    let deleted = 0;
    for (let round = 1; round <= ROUNDS_PER_RUN; round++) {
      const start = from;
      const result: PruneRound = await step.run(`prune-${round}`, () =>
        pruneTenantsRound(everyTenant, { from: start, budgetMs: STEP_BUDGET_MS }),
      );
      deleted += result.deleted;
      from = result.next;
      if (from === null) break;
    }
    const rollups = await step.run("prune-rollups", () =>
      pruneMinuteRollups(everyTenant, { budgetMs: STEP_BUDGET_MS }),
    );
    return { deleted, rollups, finished: from === null };
  },
);
