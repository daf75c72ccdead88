// A source's tracking rule on the management API: a bad rule is a 400 naming the field that
// is wrong (on create and on update, leaving the source as it was); a good one reads back as
// stored, defaults filled in. Registering subjects: 404 for a source the caller cannot see,
// 201 on every repeat, fields merged.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import {
  api,
  type Body,
  expectError,
  newApiSource,
  newApiTenant,
  newTenantKey,
  ok,
  query,
  type Reply,
  serveApiForTheseTests,
  type Tenant,
} from "../api/rest-kit";
import { uniqueSlug } from "../support/inbound-kit";

serveApiForTheseTests();

const poll = {
  url: "https://provider.example/v1/jobs/{subject}",
  headers: { Authorization: "Bearer provider-key" },
  after: "5m",
  every: "1m",
  status: "data.status",
  progress: "data.progress",
  result: "data.output",
  error: "data.error",
};
const goodRule = {
  status: "status",
  terminal: ["completed", "failed"],
  progress: "progress",
  result: "output",
  error: "error",
  fields: { model: "input.model", user: "metadata.user_id" },
  poll,
};

/** A 400 validation_failed whose message and issues name `field`. */
function expectInvalid(reply: Reply, field: string) {
  expectError(reply, 400, "validation_failed");
  expect(reply.body.error.message, reply.text).toContain(field);
  const paths: string[] = (reply.body.error.issues ?? []).map((issue: Body) => issue.path);
  expect(
    paths.some((path) => path === field || path.startsWith(`${field}.`)),
    reply.text,
  ).toBe(true);
}

const withPoll = (change: object) => ({ ...goodRule, poll: { ...poll, ...change } });
const twentyOneFields = Object.fromEntries(
  Array.from({ length: 21 }, (_, i) => [`field${i}`, `payload.f${i}`]),
);

/** Bad rules, each with the field its 400 must name. */
const badRules: [string, object, string][] = [
  ["no status", { terminal: ["done"] }, "tracking.status"],
  ["a status path that is not a path", { ...goodRule, status: "data..status" }, "tracking.status"],
  ["a status path with spaces", { ...goodRule, status: "the status" }, "tracking.status"],
  ["terminal not a list", { ...goodRule, terminal: "completed" }, "tracking.terminal"],
  ["an empty terminal status", { ...goodRule, terminal: [""] }, "tracking.terminal"],
  ["a bad progress path", { ...goodRule, progress: "" }, "tracking.progress"],
  ["a bad field path", { ...goodRule, fields: { model: "input model" } }, "tracking.fields"],
  ["a bad field name", { ...goodRule, fields: { "1st": "a" } }, "tracking.fields"],
  ["more than 20 fields", { ...goodRule, fields: twentyOneFields }, "tracking.fields"],
  [
    "a poll URL without {subject}",
    withPoll({ url: "https://p.example/jobs" }),
    "tracking.poll.url",
  ],
  [
    "a poll URL that is not http",
    withPoll({ url: "ftp://p.example/{subject}" }),
    "tracking.poll.url",
  ],
  ["a poll URL that is not a URL", withPoll({ url: "jobs/{subject}" }), "tracking.poll.url"],
  ["after 0s", withPoll({ after: "0s" }), "tracking.poll.after"],
  ["after 40d", withPoll({ after: "40d" }), "tracking.poll.after"],
  ["after 500ms", withPoll({ after: "500ms" }), "tracking.poll.after"],
  ["every that is not a duration", withPoll({ every: "soon" }), "tracking.poll.every"],
  [
    "a poll without a status path",
    { ...goodRule, poll: { url: poll.url } },
    "tracking.poll.status",
  ],
  ["a bad poll header name", withPoll({ headers: { "x bad": "1" } }), "tracking.poll.headers"],
  ["a poll timeout under 100 ms", withPoll({ timeoutMs: 50 }), "tracking.poll.timeoutMs"],
];

let tenant: Tenant;
beforeAll(async () => {
  tenant = await newApiTenant("tracking-input");
});

describe("a source's tracking rule", () => {
  it.each(badRules)(
    "%s: a 400 naming the field, on create and on update",
    async (_, tracking, field) => {
      const slug = uniqueSlug("bad-rule");
      const created = await api("POST", "/sources", {
        body: { tenantId: tenant.id, slug, name: "Jobs", tracking },
      });
      expectInvalid(created, field);
      expect(await db.source.count({ where: { slug } })).toBe(0);

      const source = await newApiSource(tenant.id, { tracking: goodRule });
      expectInvalid(await api("PATCH", `/sources/${source.id}`, { body: { tracking } }), field);
      expect(ok(await api("GET", `/sources/${source.id}`)).tracking).toEqual(source.tracking);
    },
  );

  it("a good rule reads back as stored, with its defaults filled in", async () => {
    const source = await newApiSource(tenant.id, { tracking: goodRule });
    const stored = {
      ...goodRule,
      // Header names are case-insensitive: kept lower-cased. Values are credentials: masked.
      poll: { ...poll, headers: { authorization: "********" }, timeoutMs: 10_000 },
    };
    expect(source.tracking).toEqual(stored);
    expect(ok(await api("GET", `/sources/${source.id}`)).tracking).toEqual(stored);
    // Sealed at rest, not stored as given.
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(JSON.stringify(row.tracking)).not.toContain("provider-key");

    // Sending the mask back keeps the value; a new value replaces it; a header left out goes.
    ok(
      await api("PATCH", `/sources/${source.id}`, {
        body: {
          tracking: {
            ...stored,
            poll: { ...stored.poll, headers: { authorization: "********", "x-new": "v2" } },
          },
        },
      }),
    );
    const kept = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    const keptHeaders = (kept.tracking as { poll: { headers: Record<string, string> } }).poll
      .headers;
    expect(keptHeaders.authorization).toBe(
      (row.tracking as { poll: { headers: Record<string, string> } }).poll.headers.authorization,
    );
    expect(Object.keys(keptHeaders).sort()).toEqual(["authorization", "x-new"]);
    expect(keptHeaders["x-new"]).not.toBe("v2");

    // The least a rule needs: a status path. Nothing closes, nothing is polled.
    const minimal = await newApiSource(tenant.id, { tracking: { status: "state" } });
    expect(minimal.tracking).toEqual({ status: "state", terminal: [], fields: {} });

    // A poll rule's own defaults: after 5m, every 1m, no headers, 10 s timeout.
    const patched = ok(
      await api("PATCH", `/sources/${minimal.id}`, {
        body: {
          tracking: {
            status: "state",
            terminal: ["done"],
            fields: twentyFields(),
            poll: { url: "http://provider.example/status?id={subject}", status: "state" },
          },
        },
      }),
    );
    expect(patched.tracking).toEqual({
      status: "state",
      terminal: ["done"],
      fields: twentyFields(),
      poll: {
        url: "http://provider.example/status?id={subject}",
        headers: {},
        after: "5m",
        every: "1m",
        status: "state",
        timeoutMs: 10_000,
      },
    });
    expect(ok(await api("GET", `/sources/${minimal.id}`)).tracking).toEqual(patched.tracking);

    // Durations at the bounds are accepted; null stops tracking.
    const bounds = withPoll({ after: "1s", every: "30d" });
    const atBounds = ok(
      await api("PATCH", `/sources/${minimal.id}`, { body: { tracking: bounds } }),
    );
    expect(atBounds.tracking.poll).toMatchObject({ after: "1s", every: "30d" });
    const off = ok(await api("PATCH", `/sources/${minimal.id}`, { body: { tracking: null } }));
    expect(off.tracking).toBeNull();
    expect(ok(await api("GET", `/sources/${minimal.id}`)).tracking).toBeNull();
  });
});

describe("registering a subject", () => {
  it("for a source the caller cannot see is a 404; bad input is a 400", async () => {
    expectError(
      await api("POST", "/subjects", { body: { sourceId: "src_unknown", key: "job-1" } }),
      404,
      "not_found",
    );
    const source = await newApiSource(tenant.id, { tracking: goodRule });
    const other = await newApiTenant("tracking-other");
    const { key: otherKey } = await newTenantKey(other.id);
    const key = `job-${randomBytes(4).toString("hex")}`;
    expectError(
      await api("POST", "/subjects", { key: otherKey, body: { sourceId: source.id, key } }),
      404,
      "not_found",
    );
    expect(await db.subject.count({ where: { key } })).toBe(0);
    expectInvalid(await api("POST", "/subjects", { body: { sourceId: source.id } }), "key");
    expectInvalid(
      await api("POST", "/subjects", { body: { sourceId: source.id, key: "" } }),
      "key",
    );
    expectInvalid(
      await api("POST", "/subjects", { body: { sourceId: source.id, key: "x".repeat(501) } }),
      "key",
    );
    expectInvalid(
      await api("POST", "/subjects", { body: { sourceId: source.id, key, fields: { a: 1 } } }),
      "fields",
    );
  });

  it("answers 201 on every repeat and merges the fields", async () => {
    const source = await newApiSource(tenant.id, { tracking: goodRule });
    const key = `job/${randomBytes(4).toString("hex")}`;
    const first = ok(
      await api("POST", "/subjects", {
        body: { sourceId: source.id, key, fields: { model: "sdxl", user: "u-1" } },
      }),
      201,
    );
    expect(first).toMatchObject({
      key,
      sourceId: source.id,
      tenantId: tenant.id,
      status: null,
      terminal: false,
      fields: { model: "sdxl", user: "u-1" },
      timeline: [],
      groups: [],
    });
    // The source polls after 5 minutes of silence.
    const due = new Date(first.nextPollAt).getTime() - new Date(first.createdAt).getTime();
    expect(due).toBeGreaterThan(5 * 60_000 - 5_000);
    expect(due).toBeLessThan(5 * 60_000 + 5_000);

    const second = ok(
      await api("POST", "/subjects", {
        body: { sourceId: source.id, key, fields: { user: "u-2", team: "t" } },
      }),
      201,
    );
    expect(second).toMatchObject({
      id: first.id,
      fields: { model: "sdxl", user: "u-2", team: "t" },
    });
    // A repeat does not push the poll back.
    expect(second.nextPollAt).toBe(first.nextPollAt);
    const third = ok(await api("POST", "/subjects", { body: { sourceId: source.id, key } }), 201);
    expect(third.fields).toEqual({ model: "sdxl", user: "u-2", team: "t" });
    expect(await db.subject.count({ where: { tenantId: tenant.id, key } })).toBe(1);

    const read = ok(
      await api("GET", `/subjects/${encodeURIComponent(key)}${query({ sourceId: source.id })}`),
    );
    expect(read).toMatchObject({ id: first.id, fields: { model: "sdxl", user: "u-2", team: "t" } });

    // A source without a poll rule registers too, and never schedules a poll.
    const plain = await newApiSource(tenant.id, { tracking: { status: "status" } });
    const unpolled = ok(
      await api("POST", "/subjects", { body: { sourceId: plain.id, key: `${key}-plain` } }),
      201,
    );
    expect(unpolled).toMatchObject({ nextPollAt: null, terminal: false });
  });
});

function twentyFields() {
  return Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, `payload.f${i}`]));
}
