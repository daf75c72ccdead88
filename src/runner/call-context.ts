import { AsyncLocalStorage } from "node:async_hooks";
import type { StagedEvent } from "./event-intake";
import type { Op } from "./protocol";

/** What the runner knows of the call in flight, for the SDK's requests made during it. */
export interface CallContext {
  /** Events sent during the call: stored with the results of the steps that sent them. */
  staged: StagedEvent[];
  /**
   * Stores steps the SDK checkpoints mid-call (Inngest's async checkpointing); false when
   * this worker no longer holds the run, and the SDK must stop.
   */
  checkpoint(ops: Op[]): Promise<boolean>;
  /** A checkpoint was refused: the call's outcome belongs to whoever holds the run now. */
  stale: boolean;
}

// The SDK's sends and checkpoints reach the client's fetch inside the call's async context:
// holding sends until the step's result is stored means a step that runs again (a crash, a
// lost lease) never sends twice.
export const callContext = new AsyncLocalStorage<CallContext>();
