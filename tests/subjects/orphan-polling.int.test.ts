// USE-CASES story 4: AI jobs at a provider that calls back with progress and completion. A
// job whose callbacks are lost is found out by polling the provider's status API after
// `after` of silence (PRODUCT.md: within `after` plus one minute; a short `after` wakes the
// poller, so seconds here). A provider that is down is retried with backoff, a few jobs at a
// time, without holding up other sources; loopback URLs need ALLOW_PRIVATE_ENDPOINTS.
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/domain/db";
import {
  api,
  type Body,
  newApiSource,
  newApiTenant,
  ok,
  query,
  serveApiForTheseTests,
  serverUrl,
} from "../api/rest-kit";
import {
  appRunnerForTheseTests,
  postWebhook,
  randomSuffix,
  sleep,
  waitFor,
} from "../support/inbound-kit";
import { type JobProvider, startJobProvider } from "../support/job-provider";

process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
serveApiForTheseTests();
appRunnerForTheseTests();

const TOKEN = "provider-callback-token";
const AFTER_MS = 2_000;
/** How late a poll may come after its due time on the embedded runner (wake, sleep, round). */
const POLL_SLACK_MS = 4_000;

const providers: JobProvider[] = [];
afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.stop()));
});

async function provider(options: { delayMs?: number } = {}) {
  const started = await startJobProvider(options);
  providers.push(started);
  return started;
}

/** An AI provider's source: the job id in the URL, bearer auth, polled after 2 s of silence. */
function jobSource(tenantId: string, pollUrl: string) {
  return newApiSource(tenantId, {
    verification: { scheme: "bearer", secret: TOKEN },
    eventType: { fixed: "job.updated" },
    subject: { from: "url" },
    tracking: {
      status: "status",
      terminal: ["completed", "failed"],
      progress: "progress",
      result: "output",
      error: "error",
      poll: {
        url: pollUrl,
        headers: { authorization: "Bearer x" },
        after: "2s",
        every: "1s",
        status: "status",
        progress: "progress",
        result: "output",
        error: "error",
      },
    },
  });
}

/** A callback from the provider to /api/webhooks/{slug}/{jobId}. */
async function callback(slug: string, jobId: string, body: object) {
  const reply = await postWebhook(serverUrl(), `${slug}/${encodeURIComponent(jobId)}`, body, {
    authorization: `Bearer ${TOKEN}`,
  });
  expect(reply.status, reply.text).toBe(202);
  return reply.body;
}

async function job(sourceId: string, key: string, extra: Record<string, string> = {}) {
  return ok(
    await api("GET", `/subjects/${encodeURIComponent(key)}${query({ sourceId, ...extra })}`),
  );
}

async function register(sourceId: string, key: string, fields?: Record<string, string>) {
  return ok(await api("POST", "/subjects", { body: { sourceId, key, fields } }), 201);
}

const jobKey = (prefix: string) => `${prefix} ${randomSuffix()}`;
const ms = (date: string | null) => (date ? new Date(date).getTime() : Number.NaN);

describe("orphan recovery by polling (story 4)", () => {
  it("a registered job whose every callback is lost is completed by a poll soon after `after`", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-lost");
    const source = await jobSource(tenant.id, jobs.pollUrl);
    // A space and a slash: the poll URL carries the key URL-encoded.
    const key = `render a/${randomSuffix()}`;
    const output = { url: "https://cdn.example/render.png", seed: 7 };
    jobs.jobs.set(key, { status: "completed", progress: 100, output });

    const registeredAt = Date.now();
    const registered = await register(source.id, key, { model: "sdxl" });
    expect(registered).toMatchObject({
      key,
      sourceId: source.id,
      status: null,
      terminal: false,
      fields: { model: "sdxl" },
      timeline: [],
    });
    expect(ms(registered.nextPollAt) - registeredAt).toBeGreaterThan(AFTER_MS - 500);
    expect(ms(registered.nextPollAt) - registeredAt).toBeLessThan(AFTER_MS + 1_000);

    const done = await job(source.id, key, { wait: "terminal", timeout: "20" });
    const doneAfter = Date.now() - registeredAt;
    expect(done).toMatchObject({
      key,
      status: "completed",
      terminal: true,
      progress: 100,
      result: output,
      error: null,
      updatedBy: "poll",
      fields: { model: "sdxl" },
      nextPollAt: null,
      pollFailures: 0,
      lastPollError: null,
    });
    expect(doneAfter).toBeLessThan(AFTER_MS + POLL_SLACK_MS);
    expect(done.timeline).toHaveLength(1);
    expect(done.timeline[0]).toMatchObject({
      origin: "poll",
      type: "job.updated",
      subjectStatus: "completed",
      ignored: false,
      payload: { status: "completed", progress: 100, output },
    });

    const [asked, ...again] = jobs.requestsFor(key);
    expect(asked?.path).toBe(`/jobs/${encodeURIComponent(key)}`);
    expect(asked?.path).toContain("render%20a%2F");
    expect(asked?.headers.authorization).toBe("Bearer x");
    expect(asked?.at).toBeGreaterThanOrEqual(registeredAt + AFTER_MS - 100);
    expect(again).toEqual([]);

    // The poll's event is processed like a webhook's.
    await waitFor("the poll event to be processed", async () => {
      const event = await db.event.findUniqueOrThrow({ where: { id: done.timeline[0].id } });
      return event.status === "completed";
    });
    // A straggling callback after the poll closed the job: kept, ignored; never polled again.
    await callback(source.slug, key, { status: "processing", progress: 40 });
    await sleep(AFTER_MS + 1_000);
    const after = await job(source.id, key);
    expect(after).toMatchObject({ status: "completed", progress: 100, updatedBy: "poll" });
    expect(after.timeline.map((entry: Body) => [entry.origin, entry.ignored])).toEqual([
      ["poll", false],
      ["inbound", true],
    ]);
    expect(jobs.requestsFor(key)).toHaveLength(1);
  });

  it("a poll URL pasted percent-encoded (%7Bsubject%7D) still asks about each job", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-encoded");
    const source = await jobSource(tenant.id, jobs.pollUrl.replace("{subject}", "%7Bsubject%7D"));
    const keys = [jobKey("first"), jobKey("second")];
    for (const key of keys) jobs.jobs.set(key, { status: "completed", output: key });
    for (const key of keys) await register(source.id, key);
    for (const key of keys) {
      const done = await job(source.id, key, { wait: "terminal", timeout: "20" });
      expect(done).toMatchObject({ status: "completed", result: key, lastPollError: null });
      expect(jobs.requestsFor(key).map((request) => request.path)).toEqual([
        `/jobs/${encodeURIComponent(key)}`,
      ]);
    }
  });

  it("a job that went silent after one callback is polled; a poll that learns nothing adds no event", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-silent");
    const source = await jobSource(tenant.id, jobs.pollUrl);
    const key = jobKey("upscale");
    jobs.jobs.set(key, { status: "processing", progress: 10 });

    const calledBackAt = Date.now();
    await callback(source.slug, key, { status: "processing", progress: "10%" });
    expect(await job(source.id, key)).toMatchObject({
      status: "processing",
      progress: 10,
      terminal: false,
      updatedBy: "webhook",
    });

    // The provider says what the callback said: polls go on, the timeline does not grow.
    await waitFor(
      "three polls",
      async () => jobs.requestsFor(key).length >= 3,
      AFTER_MS + 3 * POLL_SLACK_MS,
    );
    expect(jobs.requestsFor(key)[0]?.at).toBeGreaterThanOrEqual(calledBackAt + AFTER_MS - 100);
    const unchanged = await job(source.id, key);
    expect(unchanged).toMatchObject({
      status: "processing",
      progress: 10,
      updatedBy: "webhook",
      pollFailures: 0,
      lastPollError: null,
    });
    expect(unchanged.lastPolledAt).not.toBeNull();
    expect(unchanged.timeline).toHaveLength(1);

    // Progress with a partial result: one poll event, then nothing while it stays the same.
    const preview = { preview_url: "https://cdn.example/preview.png", step: 2 };
    jobs.jobs.set(key, { status: "processing", progress: 50, output: preview });
    const moved = await waitFor("a poll to record the progress", async () => {
      const current = await job(source.id, key);
      return current.timeline.length === 2 ? current : null;
    });
    expect(moved).toMatchObject({ progress: 50, result: preview, updatedBy: "poll" });
    expect(moved.timeline[1]).toMatchObject({ origin: "poll", subjectStatus: "processing" });
    const polls = jobs.requestsFor(key).length;
    await waitFor("three more polls", async () => jobs.requestsFor(key).length >= polls + 3);
    expect((await job(source.id, key)).timeline).toHaveLength(2);

    jobs.jobs.set(key, { status: "failed", progress: 50, error: { message: "out of memory" } });
    const failed = await job(source.id, key, { wait: "terminal", timeout: "15" });
    expect(failed).toMatchObject({
      status: "failed",
      terminal: true,
      progress: 50,
      error: { message: "out of memory" },
      updatedBy: "poll",
      nextPollAt: null,
    });
    expect(failed.timeline.map((entry: Body) => [entry.origin, entry.subjectStatus])).toEqual([
      ["inbound", "processing"],
      ["poll", "processing"],
      ["poll", "failed"],
    ]);
  });

  it("a provider that is down is asked again later and later, others are polled meanwhile", async () => {
    const down = await provider();
    const healthy = await provider();
    const tenant = await newApiTenant("jobs-down");
    const downSource = await jobSource(tenant.id, down.pollUrl);
    const healthySource = await jobSource(tenant.id, healthy.pollUrl);
    down.state.down = true;
    const key = jobKey("video");
    down.jobs.set(key, { status: "completed", progress: 100, output: { frames: 240 } });
    await register(downSource.id, key);

    // Each failure, as the API shows it: the wait before the next poll doubles.
    const seen = new Map<number, Body>();
    const sample = async (failures: number) => {
      const current = await job(downSource.id, key);
      if (current.pollFailures > 0 && !seen.has(current.pollFailures))
        seen.set(current.pollFailures, current);
      return current.pollFailures >= failures ? current : null;
    };
    await waitFor("the first failed poll", () => sample(1), AFTER_MS + POLL_SLACK_MS);

    // Another source's job, registered during the outage, is polled and completed.
    const other = jobKey("image");
    healthy.jobs.set(other, { status: "completed", progress: 100, output: { url: "ok" } });
    await register(healthySource.id, other);
    const otherDone = await job(healthySource.id, other, { wait: "terminal", timeout: "15" });
    expect(otherDone).toMatchObject({ status: "completed", updatedBy: "poll" });
    expect(down.state.down).toBe(true);

    await waitFor("three failed polls", () => sample(3), 2_000 + 4_000 + 3 * POLL_SLACK_MS);
    const waits = [1, 2, 3].map((n) => {
      const state = seen.get(n);
      expect(state?.lastPollError, `failure ${n}`).toBe("the provider answered 503");
      expect(state?.terminal).toBe(false);
      return ms(state?.nextPollAt) - ms(state?.lastPolledAt);
    });
    expect(waits).toEqual([2_000, 4_000, 8_000]);
    const [first = 0, second = 0, third = 0] = down.requestsFor(key).map((request) => request.at);
    expect(second - first).toBeGreaterThanOrEqual(2_000 - 100);
    expect(third - second).toBeGreaterThanOrEqual(4_000 - 100);

    // Back up: the next poll completes the job and clears the failures.
    down.state.down = false;
    const done = await job(downSource.id, key, { wait: "terminal", timeout: "20" });
    expect(done).toMatchObject({
      status: "completed",
      result: { frames: 240 },
      updatedBy: "poll",
      pollFailures: 0,
      lastPollError: null,
      nextPollAt: null,
    });
  });

  it("a failing provider is asked about a few jobs at a time, the rest wait their turn", async () => {
    const slow = await provider({ delayMs: 300 });
    const tenant = await newApiTenant("jobs-few");
    const source = await jobSource(tenant.id, slow.pollUrl);
    slow.state.down = true;
    const keys = Array.from({ length: 10 }, (_, i) => jobKey(`batch-${i}`));
    for (const key of keys) slow.jobs.set(key, { status: "completed", output: { key } });
    await Promise.all(keys.map((key) => register(source.id, key)));

    await waitFor(
      "every job to have failed a poll",
      async () => {
        const states = await Promise.all(keys.map((key) => job(source.id, key)));
        return states.every((state) => state.pollFailures >= 1) ? states : null;
      },
      AFTER_MS + 2 * POLL_SLACK_MS,
    );
    expect(slow.state.maxInFlight).toBeLessThanOrEqual(4);
    // While it fails, the provider is not asked about all ten each round.
    expect(slow.requests.length).toBeLessThan(10);

    slow.state.down = false;
    await waitFor(
      "every job to complete once the provider is back",
      async () => {
        const states = await Promise.all(keys.map((key) => job(source.id, key)));
        return states.every((state) => state.terminal) ? states : null;
      },
      30_000,
    );
    expect(slow.state.maxInFlight).toBeLessThanOrEqual(4);
  });

  it("a provider that hangs until the poll's timeout holds up no other source's polls", async () => {
    const hanging = await provider({ delayMs: 8_000 });
    const healthy = await provider();
    const tenant = await newApiTenant("jobs-hang");
    const hangingSource = await jobSource(tenant.id, hanging.pollUrl);
    const healthySource = await jobSource(tenant.id, healthy.pollUrl);
    const busy = jobKey("busy");
    healthy.jobs.set(busy, { status: "processing", progress: 1 });
    const stuck = jobKey("stuck");
    hanging.jobs.set(stuck, { status: "completed", output: "late" });
    // Both due in the same second, so one round asks both providers.
    await Promise.all([register(healthySource.id, busy), register(hangingSource.id, stuck)]);

    const asked = await waitFor(
      "the hanging provider to be asked",
      async () => hanging.requestsFor(stuck)[0],
      AFTER_MS + POLL_SLACK_MS,
    );
    await sleep(6_000);
    // Polled again and again meanwhile (every second, or two on a loaded CI machine), not only
    // once the hanging poll has returned 8 s in: behind it, none came (one with a cron tick).
    const during = healthy.requestsFor(busy).filter((request) => request.at > asked.at + 500);
    expect(
      during.length,
      JSON.stringify(during.map((r) => r.at - asked.at)),
    ).toBeGreaterThanOrEqual(2);

    healthy.jobs.set(busy, { status: "completed", output: "done" });
    expect(await job(healthySource.id, busy, { wait: "terminal", timeout: "20" })).toMatchObject({
      status: "completed",
    });
    expect(await job(hangingSource.id, stuck, { wait: "terminal", timeout: "20" })).toMatchObject({
      status: "completed",
      result: "late",
    });
  });

  it("a closed job is never polled, even when registered again", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-closed");
    const source = await jobSource(tenant.id, jobs.pollUrl);
    const [closed, reRegistered, open] = [jobKey("done"), jobKey("again"), jobKey("open")];
    for (const key of [closed, reRegistered, open])
      jobs.jobs.set(key, { status: "processing", progress: 5 });

    await callback(source.slug, closed, { status: "completed", progress: 100, output: "a" });
    await register(source.id, reRegistered, { user: "u-1" });
    await callback(source.slug, reRegistered, { status: "completed", output: "b" });
    const again = await register(source.id, reRegistered, { team: "t-1" });
    expect(again).toMatchObject({
      status: "completed",
      terminal: true,
      nextPollAt: null,
      fields: { user: "u-1", team: "t-1" },
    });
    await register(source.id, open);

    await waitFor(
      "the open job to be polled twice",
      async () => jobs.requestsFor(open).length >= 2,
      AFTER_MS + 2 * POLL_SLACK_MS,
    );
    expect(jobs.requestsFor(closed)).toEqual([]);
    expect(jobs.requestsFor(reRegistered)).toEqual([]);
    expect(await job(source.id, closed)).toMatchObject({ nextPollAt: null, lastPolledAt: null });

    // The open one ends by callback: its polls stop.
    await callback(source.slug, open, { status: "completed", output: "c" });
    const polls = jobs.requestsFor(open).length;
    await sleep(AFTER_MS + 1_000);
    expect(jobs.requestsFor(open)).toHaveLength(polls);
  });

  it("a group whose last job is closed by a poll publishes its completion once", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-group");
    const source = await jobSource(tenant.id, jobs.pollUrl);
    const [called, polled] = [jobKey("called"), jobKey("polled")];
    jobs.jobs.set(polled, { status: "failed", error: "nsfw" });
    const group = `renders-${randomSuffix()}`;
    ok(
      await api("POST", "/groups", {
        body: { sourceId: source.id, key: group, type: "render", members: [called, polled] },
      }),
      201,
    );
    await callback(source.slug, called, { status: "completed", output: "ok" });
    await job(source.id, polled, { wait: "terminal", timeout: "20" });
    const completions = await db.event.findMany({
      where: { tenantId: tenant.id, type: "render.completed" },
    });
    expect(completions.map((event) => event.payload)).toEqual([
      { group, total: 2, statuses: { completed: 1, failed: 1 } },
    ]);
    await waitFor("the completion to be processed", async () => {
      const event = await db.event.findUniqueOrThrow({ where: { id: completions[0]?.id ?? "" } });
      return event.status === "completed";
    });
    expect(jobs.requestsFor(called)).toEqual([]);
  });

  it("a source whose poll rule is removed stops polling its jobs", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-unpolled");
    const source = await jobSource(tenant.id, jobs.pollUrl);
    const key = jobKey("forgotten");
    jobs.jobs.set(key, { status: "completed" });
    await register(source.id, key);
    const tracking = { ...source.tracking, poll: null };
    ok(await api("PATCH", `/sources/${source.id}`, { body: { tracking } }));
    await waitFor(
      "the job to be unscheduled",
      async () => (await job(source.id, key)).nextPollAt === null,
      AFTER_MS + POLL_SLACK_MS,
    );
    await sleep(1_500);
    expect(jobs.requests).toEqual([]);
    expect(await job(source.id, key)).toMatchObject({ terminal: false, nextPollAt: null });
  });

  it("without ALLOW_PRIVATE_ENDPOINTS a loopback poll URL is refused and nothing is fetched", async () => {
    const jobs = await provider();
    const tenant = await newApiTenant("jobs-ssrf");
    const byAddress = await jobSource(tenant.id, jobs.pollUrl);
    const byName = await jobSource(tenant.id, `http://localhost:${jobs.port}/jobs/{subject}`);
    const [first, second] = [jobKey("ssrf-ip"), jobKey("ssrf-name")];
    for (const key of [first, second]) jobs.jobs.set(key, { status: "completed", output: key });

    vi.stubEnv("ALLOW_PRIVATE_ENDPOINTS", "false");
    try {
      await register(byAddress.id, first);
      await register(byName.id, second);
      const refused = await waitFor(
        "both polls to be refused",
        async () => {
          const states = [await job(byAddress.id, first), await job(byName.id, second)];
          return states.every((state) => state.pollFailures >= 1) ? states : null;
        },
        AFTER_MS + 2 * POLL_SLACK_MS,
      );
      for (const state of refused) {
        expect(state.lastPollError).toMatch(/loopback/);
        expect(state.lastPollError).toContain("ALLOW_PRIVATE_ENDPOINTS");
        expect(state).toMatchObject({ terminal: false, status: null, timeline: [] });
      }
      expect(jobs.requests).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
    // Allowed again: the next polls reach the provider.
    for (const [sourceId, key] of [
      [byAddress.id, first],
      [byName.id, second],
    ] as const) {
      const done = await job(sourceId, key, { wait: "terminal", timeout: "20" });
      expect(done).toMatchObject({ status: "completed", result: key, updatedBy: "poll" });
    }
  });
});
