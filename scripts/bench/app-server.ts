// Switchyard's own HTTP server (webhooks and REST, no Next.js: nothing to build) in a process
// of its own, as one app instance runs it; reports its held long-polls for bench:subjects.
// No runner thread: hand-offs are stored for the embedded runner, as in the integration tests.
import { waitingRequests } from "@/domain/subjects/subject-waits";
import { startHttpServer } from "@/server/http/server";
import { reportHeldStats } from "./held-stats";

await startHttpServer({ port: Number(process.env.PORT), dev: false, withNext: false });
reportHeldStats(waitingRequests);
