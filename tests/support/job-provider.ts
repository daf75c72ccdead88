import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the provider's status API says about one job: `GET /jobs/{id}` answers it as JSON. */
export interface JobAnswer {
  status: string;
  progress?: number | string;
  output?: unknown;
  error?: unknown;
}

export interface StatusRequest {
  /** The path as sent, still percent-encoded (`/jobs/render%20a%2F1`). */
  path: string;
  /** The job id, decoded. */
  jobId: string;
  headers: IncomingHttpHeaders;
  at: number;
}

/**
 * A local stand-in for an AI job provider's status API (USE-CASES story 4): answers
 * `GET /jobs/{id}` with the job's current answer (404 for a job it never heard of), or with
 * 503 for everything while it is `down`. Records every request and the most it served at once.
 */
export async function startJobProvider(options: { delayMs?: number } = {}) {
  const jobs = new Map<string, JobAnswer>();
  const requests: StatusRequest[] = [];
  const state = { down: false, inFlight: 0, maxInFlight: 0 };
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    const match = /^\/jobs\/([^/?]+)$/.exec(path);
    const jobId = match?.[1] ? decodeURIComponent(match[1]) : "";
    requests.push({ path, jobId, headers: req.headers, at: Date.now() });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    setTimeout(() => {
      state.inFlight--;
      const answer = jobs.get(jobId);
      const status = state.down ? 503 : answer ? 200 : 404;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? answer : { message: "unavailable" }));
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    /** The poll rule's URL for this provider. */
    pollUrl: `http://127.0.0.1:${port}/jobs/{subject}`,
    jobs,
    requests,
    state,
    /** Requests about one job, oldest first. */
    requestsFor: (jobId: string) => requests.filter((request) => request.jobId === jobId),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type JobProvider = Awaited<ReturnType<typeof startJobProvider>>;
