import { bulkRetry } from "./functions/bulk-retry";
import { deliver } from "./functions/deliver";
import { processEvent } from "./functions/process-event";
import { sweepHandOffs } from "./functions/sweep-hand-offs";

/** Every Inngest function Switchyard serves; each step calls into src/domain. */
export const functions = [processEvent, deliver, bulkRetry, sweepHandOffs];
