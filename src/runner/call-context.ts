import { AsyncLocalStorage } from "node:async_hooks";
import type { SdkEvent } from "./protocol";

/** What a function sends while the runner calls it: stored with the call's results, not before. */
export interface CallContext {
  staged: SdkEvent[];
}

// The SDK's sends reach the client's fetch inside the call's async context: holding them there
// until the step's result is stored means a step that runs again (a crash, a lost lease)
// never sends twice.
export const callContext = new AsyncLocalStorage<CallContext>();
