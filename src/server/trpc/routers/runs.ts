import { z } from "zod";
import { getRun, listRuns, runFunctions } from "@/domain/runs/queries";
import { listRunsInput, runDetailOut, runPageOut } from "@/domain/runs/schemas";
import { byId } from "@/domain/schemas";
import { env, runnerMode } from "@/server/env";
import { adminProcedure, router } from "../init";

// The embedded runner's runs hold every tenant's work: platform admins only, no REST route.
export const runsRouter = router({
  /** Newest first; `runner: "inngest"` means they live in Inngest's dashboard, not here. */
  list: adminProcedure
    .input(listRunsInput)
    .output(runPageOut)
    .query(async ({ ctx, input }) => {
      const runner = runnerMode(env());
      if (runner === "inngest") return { runner, items: [], nextCursor: null };
      return { runner, ...(await listRuns(ctx.scope, input)) };
    }),

  get: adminProcedure
    .input(byId)
    .output(runDetailOut)
    .query(({ ctx, input }) => getRun(ctx.scope, input.id)),

  functions: adminProcedure
    .input(z.object({}))
    .output(z.object({ items: z.array(z.string()) }))
    .query(async ({ ctx }) => ({ items: await runFunctions(ctx.scope) })),
});
