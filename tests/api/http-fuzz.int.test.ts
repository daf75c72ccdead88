import { createHmac } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { postWebhook } from "../support/inbound-kit";
import {
  api,
  type Body,
  expectNoLeak,
  newApiEndpoint,
  newApiSource,
  newApiTenant,
  nowhere,
  type Reply,
  serveApiForTheseTests,
  serverUrl,
  type Tenant,
} from "./rest-kit";

// Property-based fuzzing over real HTTP and PostgreSQL: fast-check makes requests to the
// webhook endpoint and the REST API (as the admin); whatever they carry, the answer is never a
// 500 and, when refused, is {"error": {code, message}}. A failure prints its seed and the
// shrunk request; FUZZ_SEED=<seed> replays it.
serveApiForTheseTests();

const seed = Number(process.env.FUZZ_SEED) || 20_261_130;
const runs = { numRuns: 150, seed };
/** Read when a value is generated: the ids only exist once beforeAll has run. */
const lazy = (read: () => string) => fc.constant(null).map(read);

let tenant: Tenant;
let slugs: string[] = [];
let sourceId = "";
/** The source that tracks subjects. */
let trackedId = "";
let endpointId = "";
let eventId = "";
beforeAll(async () => {
  tenant = await newApiTenant("fuzz");
  const tracking = { status: "status", terminal: ["done"], result: "result", fields: { f: "id" } };
  const sources = await Promise.all([
    newApiSource(tenant.id),
    newApiSource(tenant.id, {
      batch: true,
      maxBatchItems: 5,
      eventType: { from: "path", path: "type" },
      subject: { from: "path", path: "id" },
      idempotency: { from: "paths", paths: ["id", "__proto__"] },
      required: ["constructor"],
      timestamps: ["at"],
      tracking,
    }),
    newApiSource(tenant.id, {
      subject: { from: "url" },
      idempotency: { from: "header", header: "x-id" },
      eventType: { from: "header", header: "x-type" },
    }),
    newApiSource(tenant.id, { verification: { preset: "github", secret: "gh" } }),
    newApiSource(tenant.id, {
      verification: { scheme: "standard_webhooks", secret: "whsec_AAAA" },
    }),
    newApiSource(tenant.id, { verification: { scheme: "stripe", secret: "whsec_s" } }),
    newApiSource(tenant.id, { verification: { scheme: "slack", secret: "sl" } }),
    newApiSource(tenant.id, { verification: { scheme: "bearer", secret: "tok" } }),
  ]);
  slugs = sources.map((source: Body) => source.slug);
  sourceId = sources[0].id;
  trackedId = sources[1].id;
  endpointId = (await newApiEndpoint(tenant.id, nowhere)).id;
  const published = await api("POST", "/events", {
    body: { tenantId: tenant.id, type: "fuzz.seed", data: {} },
  });
  eventId = published.body.id;
});

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyText = (maxLength: number) =>
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength })
    .map((units) => String.fromCharCode(...units));

/** Values in the wrong places: wrong types, odd text, deep or huge ones. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  anyText(40),
  fc.constantFrom(
    null,
    "",
    " ",
    -1,
    0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 1,
    "__proto__",
    "constructor",
    "\u0000",
    "\ud800",
    "a".repeat(10_000),
    { __proto__: null },
    [],
    [[[[[[]]]]]],
    "http://127.0.0.1:9/x",
    "1s",
    "-1s",
    "9999999d",
    "2026-02-30T25:61:00Z",
  ),
);
/** One of `valid` values mostly, now and then one of `odd` (each still plausible input). */
const mostlyFrom = <T>(valid: T[], odd: T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...odd) },
  );
/** Usually a valid value, sometimes junk. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: junk });
/** `arbitrary` in `percent` of the cases, else an empty object. */
const sometimes = (percent: number, arbitrary: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant({}) }, { weight: percent, arbitrary });
const path = fc
  .array(fc.constantFrom("id", "a", "0", "__proto__", "constructor"), {
    minLength: 1,
    maxLength: 3,
  })
  .map((keys) => keys.join("."));
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
/**
 * A body object: the route's fields (the `required` ones always), often all valid, sometimes
 * with one or two of them junk, now and then with stray keys.
 */
const bodyOf = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[] = []) =>
  fc
    .tuple(
      fc.record(fields, { requiredKeys: required }),
      sometimes(30, fc.dictionary(fc.constantFrom(...Object.keys(fields)), junk, { maxKeys: 2 })),
      sometimes(10, fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 2 })),
    )
    .map(([known, wrong, stray]) => ({ ...stray, ...known, ...wrong }));

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,29}$/);
const slug = fc.stringMatching(/^[a-z0-9]{2,12}(-[a-z0-9]{1,8})?$/);
const eventType = fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8}){0,2}$/);
const rateLimit = mostly(
  fc.record({
    limit: mostly(fc.integer({ min: 1, max: 1_000_000 })),
    period: mostlyFrom(["1s", "1m", "1h"], ["0s", "1y"]),
  }),
);
const sourceFields = {
  name: mostly(name),
  enabled: mostly(fc.boolean()),
  verification: mostly(
    fc.oneof(
      fc.record({
        scheme: fc.constantFrom("none", "bearer", "shared_secret", "standard_webhooks"),
      }),
      fc.record({
        scheme: fc.constantFrom("stripe", "slack", "bearer", "standard_webhooks"),
        secret: mostlyFrom(["whsec_AAAA", "AAAA", "s3cret"], ["whsec_", "!!"]),
      }),
      fc.record({
        scheme: fc.constant("hmac_sha256"),
        header: mostly(headerName),
        encoding: mostly(fc.constantFrom("hex", "base64")),
        prefix: mostly(fc.string({ maxLength: 20 })),
        secret: mostly(fc.string({ minLength: 1, maxLength: 20 })),
      }),
      fc.record({
        preset: mostly(fc.constantFrom("github", "shopify", "svix", "stripe", "slack", "nope")),
        secret: mostly(fc.constantFrom("whsec_AAAA", "gh", "x")),
      }),
    ),
  ),
  idempotency: mostly(
    fc.oneof(
      fc.record({ from: fc.constant("body") }),
      fc.record({ from: fc.constant("header"), header: mostly(headerName) }),
      fc.record({
        from: fc.constant("paths"),
        paths: mostly(fc.array(path, { minLength: 1, maxLength: 10 })),
      }),
    ),
  ),
  eventType: mostly(
    fc.oneof(
      fc.record({ fixed: mostly(eventType) }),
      fc.record({ from: fc.constant("path"), path: mostly(path) }),
      fc.record({ from: fc.constant("header"), header: mostly(headerName) }),
    ),
  ),
  subject: mostly(
    fc.option(
      fc.oneof(
        fc.record({ from: fc.constant("path"), path: mostly(path) }),
        fc.record({ from: fc.constant("header"), header: mostly(headerName) }),
        fc.record({ from: fc.constant("url") }),
      ),
    ),
  ),
  required: mostly(fc.array(path, { maxLength: 4 })),
  timestamps: mostly(fc.array(path, { maxLength: 4 })),
  batch: mostly(fc.boolean()),
  maxBodyBytes: mostly(fc.integer({ min: 1, max: 10 * 1024 * 1024 })),
  maxBatchItems: mostly(fc.integer({ min: 1, max: 10_000 })),
  rateLimit: fc.option(rateLimit),
  enrichment: mostly(
    fc.option(
      fc.record({
        url: mostlyFrom([nowhere, "https://example.com/enrich"], ["ftp://x/"]),
        timeoutMs: mostly(fc.integer({ min: 100, max: 60_000 })),
      }),
    ),
  ),
  tracking: mostly(
    fc.option(
      fc.record(
        {
          status: path,
          terminal: mostly(fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 })),
          result: mostly(path),
          progress: mostly(path),
          fields: mostly(
            fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), path, { maxKeys: 3 }),
          ),
          poll: mostly(
            fc.option(
              fc.record(
                {
                  url: mostlyFrom(
                    ["http://127.0.0.1:9/{subject}", "http://x/%7Bsubject%7D"],
                    ["http://x/%E0%A4%A{subject}", "http://x/"],
                  ),
                  status: path,
                  after: mostlyFrom(["5s", "30d"], ["31d", "x"]),
                  every: mostly(fc.constantFrom("1s", "1m")),
                },
                { requiredKeys: ["url", "status"] },
              ),
            ),
          ),
        },
        { requiredKeys: ["status"] },
      ),
    ),
  ),
};
const endpointFields = {
  url: mostly(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(nowhere) },
      fc.webUrl(),
      fc.constantFrom("http://[::1]/", "http://0x7f.1/", "ftp://x/", "http://a b/"),
    ),
  ),
  description: mostly(fc.string({ maxLength: 600 })),
  eventTypes: mostly(
    fc.array(mostlyFrom(["*", "a.*", "a.b", "order.paid"], ["**", "*.*.*", ""]), {
      minLength: 1,
      maxLength: 4,
    }),
  ),
  filter: mostly(
    fc.option(
      fc.dictionary(path, fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 }),
    ),
  ),
  headers: mostly(
    fc.dictionary(
      fc.oneof({ weight: 6, arbitrary: headerName }, fc.string({ maxLength: 8 })),
      fc.string({ maxLength: 30 }),
      {
        maxKeys: 3,
      },
    ),
  ),
  timeoutMs: mostly(fc.option(fc.integer({ min: 1_000, max: 60_000 }))),
  retrySchedule: mostly(
    fc.option(mostlyFrom(["5s,1m", "1m", "1s,10s"], ["0s", "8d", "", ",", "1s,".repeat(30)])),
  ),
  rateLimit: fc.option(rateLimit),
  enabled: mostly(fc.boolean()),
};
const tenantFields = {
  name: mostly(name),
  slug: mostly(slug),
  retentionDays: mostly(fc.integer({ min: 1, max: 3650 })),
};
const eventFields = {
  type: mostly(eventType),
  data: mostly(
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  ),
  idempotencyKey: mostly(fc.string({ minLength: 1, maxLength: 255 })),
  subject: mostly(fc.string({ minLength: 1, maxLength: 255 })),
};

/** Keys up to their limit in any script: what the subjects' indexes must hold. */
const subjectKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 500 }),
  fc.nat({ max: 600 }).map((n) => "\u0800".repeat(n + 1)),
);
const subjectFields = {
  sourceId: mostly(lazy(() => trackedId)),
  key: mostly(subjectKey),
  fields: mostly(
    fc.dictionary(fc.string({ minLength: 1, maxLength: 50 }), fc.string({ maxLength: 200 }), {
      maxKeys: 3,
    }),
  ),
};
const groupFields = {
  sourceId: mostly(lazy(() => trackedId)),
  key: mostly(subjectKey),
  type: mostly(fc.stringMatching(/^[a-z_.-]{1,20}$/)),
  members: mostly(fc.array(subjectKey, { minLength: 1, maxLength: 5 })),
};

/** Times, some of them beyond what PostgreSQL holds (before 4713 BC). */
const time = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom("-100000-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "-004714-01-01", "0"),
);

/** An id that names nothing, or names it badly: random text, percent-encoded or raw. */
const strangeId = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  anyText(10).map((text) => encodeURIComponent(text.replace(/\p{Cs}/gu, "x"))),
  fc.constantFrom(
    "%",
    "%00",
    "%E0%A4%A",
    "%2F",
    "..",
    "%2e%2e",
    "evt_",
    "0",
    "-1",
    "a".repeat(5000),
    "null",
    "%ud800",
  ),
);

/** Every refusal is PRODUCT.md's error shape; nothing is ever a 500 or leaks. */
function expectAnswered(reply: Reply, request: string) {
  expectNoLeak(reply);
  if (reply.status >= 400) {
    expect(typeof reply.body?.error?.code, `${request} -> ${reply.status} ${reply.text}`).toBe(
      "string",
    );
    expect(typeof reply.body?.error?.message, request).toBe("string");
  }
}

const hmac = (key: string, payload: Buffer) =>
  createHmac("sha256", key).update(payload).digest("hex");

/** The headers that sign `body` for the signed sources of beforeAll (by their index). */
function signatureFor(index: number, body: Buffer): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const signed = (prefix: string) => Buffer.concat([Buffer.from(prefix), body]);
  switch (index) {
    case 3:
      return { "x-hub-signature-256": `sha256=${hmac("gh", body)}` };
    case 4: {
      const at = new Date(now * 1000);
      const signature = new Webhook("whsec_AAAA").sign("msg_1", at, body.toString("utf8"));
      return {
        "webhook-id": "msg_1",
        "webhook-timestamp": String(now),
        "webhook-signature": signature,
      };
    }
    case 5:
      return { "stripe-signature": `t=${now},v1=${hmac("whsec_s", signed(`${now}.`))}` };
    case 6:
      return {
        "x-slack-request-timestamp": String(now),
        "x-slack-signature": `v0=${hmac("sl", signed(`v0:${now}:`))}`,
      };
    case 7:
      return { authorization: "Bearer tok" };
    default:
      return {};
  }
}

describe("POST /api/webhooks/{slug}, any request", () => {
  const contentType = fc.oneof(
    { weight: 4, arbitrary: fc.constant("application/json") },
    fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "application/x-www-form-urlencoded",
      "application/cloudevents+json",
      "text/plain",
      "",
      "multipart/form-data",
    ),
    fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
  );
  const item = fc
    .record(
      {
        id: mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.integer())),
        type: mostly(fc.constantFrom("a.b", "order.paid")),
        at: mostly(fc.constantFrom("2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00")),
        status: mostly(fc.constantFrom("running", "done")),
        result: junk,
        constructor: mostly(fc.string({ minLength: 1, maxLength: 5 })),
      },
      { requiredKeys: ["id", "type", "at", "constructor"] },
    )
    // An own "__proto__" key, as JSON.parse makes it: one of the batch source's idempotency paths.
    .map((fields) => JSON.stringify(fields).replace(/^\{/, '{"__proto__":1,').replace(",}", "}"));
  const body = fc.oneof(
    { weight: 3, arbitrary: item.map((text) => Buffer.from(text)) },
    {
      weight: 2,
      arbitrary: fc
        .array(item, { maxLength: 7 })
        .map((items) => Buffer.from(`[${items.join(",")}]`)),
    },
    fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
    fc
      .array(
        fc.record(
          { id: junk, type: junk, at: junk, status: junk, constructor: junk },
          { requiredKeys: [] },
        ),
        { maxLength: 7 },
      )
      .map((items) => Buffer.from(JSON.stringify(items))),
    anyText(200).map((text) => Buffer.from(JSON.stringify({ id: text, type: text }))),
    fc
      .integer({ min: 60, max: 3000 })
      .map((depth) => Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`)),
    fc
      .constantFrom("", "{}", "[]", '{"n":1e999999}', "a=1&b=%00", "a=%ZZ", "__proto__=1")
      .map((text) => Buffer.from(text)),
  );
  // What fetch can send: latin-1 without CR, LF or NUL.
  const headerValue = fc.oneof(
    { weight: 5, arbitrary: fc.stringMatching(/^[\x20-\x7e\x80-\xff\t]{0,80}$/) },
    {
      weight: 5,
      arbitrary: fc.constantFrom(
        "Bearer tok",
        "t=1,v1=ab",
        "v1,AAAA",
        "v0=00",
        "sha256=00",
        "99999999999999999999",
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => "x".repeat(n)) },
  );
  const headers = fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        "x-id",
        "X-Type",
        "authorization",
        "x-hub-signature-256",
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "stripe-signature",
        "x-slack-signature",
        "x-slack-request-timestamp",
        "content-encoding",
      ),
      headerName,
    ),
    headerValue,
    { maxKeys: 6 },
  );

  it("is answered below 500, with an error code when refused", async () => {
    // The unsigned sources most often, so that requests get past verification to storage.
    const target = fc.oneof(
      { weight: 4, arbitrary: fc.nat({ max: 2 }).map((i) => slugs[i] ?? "") },
      { weight: 3, arbitrary: fc.nat().map((i) => slugs[i % slugs.length] ?? "") },
      { weight: 1, arbitrary: strangeId },
    );
    const subject = fc.option(
      fc.oneof(
        strangeId,
        fc.string({ maxLength: 20 }).map(encodeURIComponent),
        // Long and incompressible: a key PostgreSQL's indexes must still hold.
        fc
          .uint8Array({ minLength: 2000, maxLength: 6000 })
          .map((bytes) => Buffer.from(bytes).toString("base64url")),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        target,
        subject,
        contentType,
        body,
        headers,
        fc.constantFrom("POST", "POST", "POST", "POST", "POST", "POST", "PUT", "GET"),
        fc.boolean(),
        async (slug, sub, type, payload, sent, method, sign) => {
          const path = sub === undefined ? slug : `${slug}/${sub}`;
          const signature = sign ? signatureFor(slugs.indexOf(slug), payload) : {};
          const reply = await postWebhook(
            serverUrl(),
            path,
            method === "GET" ? undefined : payload,
            { ...sent, ...signature, "content-type": type },
            method,
          );
          const request = `${method} ${path} ${type} ${payload.length} bytes`;
          expect(reply.status, `${request} -> ${reply.text}`).toBeLessThan(500);
          if (reply.status >= 400)
            expect(typeof reply.body.error?.code, `${request} -> ${reply.text}`).toBe("string");
        },
      ),
      runs,
    );
  });
});

describe("the REST API, any input from the admin", () => {
  it("creates (POST sources, endpoints, tenants, events) below 500, with an error code when refused", async () => {
    const tenantId = mostly(lazy(() => tenant.id));
    const write = fc.oneof(
      bodyOf(
        {
          ...sourceFields,
          tenantId,
          slug: mostly(slug),
        },
        ["tenantId", "slug", "name"],
      ).map((b) => ["/sources", b] as const),
      bodyOf({ ...endpointFields, tenantId }, ["tenantId", "url"]).map(
        (b) => ["/endpoints", b] as const,
      ),
      bodyOf(tenantFields, ["name", "slug"]).map((b) => ["/tenants", b] as const),
      bodyOf({ ...eventFields, tenantId }, ["tenantId", "type", "data"]).map(
        (b) => ["/events", b] as const,
      ),
      bodyOf(subjectFields, ["sourceId", "key"]).map((b) => ["/subjects", b] as const),
      bodyOf({ tenantId, from: mostly(time), to: mostly(time) }, ["tenantId"]).map(
        (b) => ["/deliveries/bulk-retry", b] as const,
      ),
      bodyOf({ since: mostly(time) }, ["since"]).map(
        (b) => [`/endpoints/${endpointId}/recover`, b] as const,
      ),
      bodyOf(groupFields, ["sourceId", "key", "type", "members"]).map(
        (b) => ["/groups", b] as const,
      ),
    );
    await fc.assert(
      fc.asyncProperty(write, async ([route, input]) => {
        const reply = await api("POST", route, { body: input });
        const request = `POST ${route} ${JSON.stringify(input)}`;
        expectAnswered(reply, request);
        // These URLs are clean: a refusal names the body, never "the URL".
        expect(reply.body?.error?.message ?? "", request).not.toMatch(/in the URL/);
      }),
      runs,
    );
  });

  it("changes (PATCH sources, endpoints, tenants) below 500, with an error code when refused", async () => {
    const change = fc.oneof(
      bodyOf(sourceFields).map((b) => [`/sources/${sourceId}`, b] as const),
      bodyOf(endpointFields).map((b) => [`/endpoints/${endpointId}`, b] as const),
      bodyOf({ name: tenantFields.name, retentionDays: tenantFields.retentionDays }).map(
        (b) => [`/tenants/${tenant.id}`, b] as const,
      ),
    );
    const raw = fc.option(
      fc.oneof(anyText(50), fc.constantFrom("", "null", "[]", "1", '"x"', "{", "{}".repeat(3))),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(change, raw, async ([route, input], text) => {
        const reply = await api(
          "PATCH",
          route,
          text === undefined ? { body: input } : { raw: text },
        );
        expectAnswered(reply, `PATCH ${route} ${text ?? JSON.stringify(input)}`);
      }),
      runs,
    );
  });

  it("reads (GET with any query) below 500, with an error code when refused", async () => {
    const list = fc.constantFrom(
      "/events",
      "/deliveries",
      "/subjects",
      "/sources",
      "/endpoints",
      "/tenants",
      "/audit-log",
      "/stats",
      "/stats/overview",
      "/people",
      `/events/${eventId}`,
      `/subjects/x`,
    );
    const param = fc.oneof(
      fc.constantFrom(
        "tenantId",
        "sourceId",
        "endpointId",
        "eventId",
        "type",
        "status",
        "subject",
        "from",
        "to",
        "payloadPath",
        "payloadValue",
        "cursor",
        "limit",
        "q",
        "since",
        "window",
        "__proto__",
      ),
      fc.string({ maxLength: 10 }),
    );
    const value = fc.oneof(
      lazy(() => tenant.id),
      fc.string({ maxLength: 30 }),
      anyText(10).map((t) => t.replace(/\p{Cs}/gu, "")),
      fc.constantFrom(
        "-1",
        "0",
        "1e9",
        "NaN",
        "2026-02-30T00:00:00Z",
        // Dates JavaScript holds and PostgreSQL does not (before 4713 BC, after 294276 AD).
        "-100000-01-01T00:00:00Z",
        "+275760-09-13T00:00:00Z",
        "-004714-01-01",
        "failed",
        "a.b.c",
        "__proto__",
        "\u0000",
        "%",
        "x".repeat(3000),
      ),
    );
    const query = fc
      .array(fc.oneof(fc.tuple(param, value), fc.tuple(fc.constantFrom("from", "to"), time)), {
        maxLength: 5,
      })
      .map((pairs) => new URLSearchParams(pairs).toString());
    const rawQuery = fc.constantFrom(
      "a=%",
      "limit=%ZZ",
      "%00=1",
      "tenantId=%E0%A4%A",
      "cursor=%00",
      "&&&=",
      "limit=1&limit=2",
    );
    await fc.assert(
      fc.asyncProperty(list, fc.oneof(query, rawQuery), async (route, q) => {
        expectAnswered(await api("GET", `${route}?${q}`), `GET ${route}?${q}`);
      }),
      runs,
    );
  });

  it("names things by any id (GET, PATCH, POST, DELETE) below 500, with an error code when refused", async () => {
    const call = fc.constantFrom(
      ["GET", "/events/{id}"],
      ["GET", "/deliveries/{id}"],
      ["GET", "/sources/{id}"],
      ["GET", "/sources/{id}/secret"],
      ["GET", "/endpoints/{id}"],
      ["GET", "/endpoints/{id}/secret"],
      ["GET", "/tenants/{id}"],
      ["GET", "/tenants/{id}/api-keys"],
      ["GET", "/subjects/{id}"],
      ["GET", "/groups/{id}"],
      ["GET", "/deliveries/bulk-retry/{id}"],
      ["PATCH", "/sources/{id}"],
      ["PATCH", "/endpoints/{id}"],
      ["PATCH", "/tenants/{id}"],
      ["POST", "/events/{id}/replay"],
      ["POST", "/deliveries/{id}/retry"],
      ["POST", "/sources/{id}/rotate-secret"],
      ["POST", "/endpoints/{id}/rotate-secret"],
      ["POST", "/endpoints/{id}/recover"],
      ["DELETE", "/sources/{id}"],
      ["DELETE", "/endpoints/{id}"],
      ["DELETE", "/tenants/{id}/api-keys/{id}"],
      ["PUT", "/sources/{id}"],
    );
    await fc.assert(
      fc.asyncProperty(
        call,
        strangeId,
        fc.option(junk, { nil: undefined }),
        async ([method, route], id, input) => {
          const path = route.replaceAll("{id}", id);
          const options = method === "PATCH" || method === "POST" ? { body: input ?? {} } : {};
          expectAnswered(await api(method, path, options), `${method} ${path}`);
        },
      ),
      runs,
    );
  });
});
