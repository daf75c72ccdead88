import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueSlug } from "../support/inbound-kit";
import {
  api,
  type Body,
  expectError,
  newApiEndpoint,
  newApiSource,
  newApiTenant,
  nowhere,
  ok,
  publish,
  type Reply,
  serveApiForTheseTests,
  type Tenant,
} from "./rest-kit";

// Bad input on /api/v1 (PRODUCT.md): {"error": {code, message}} with a fitting 4xx, never a
// 500, never a stack trace.
serveApiForTheseTests();

let tenant: Tenant;
let source: Body;
let endpoint: Body;
beforeAll(async () => {
  tenant = await newApiTenant("input");
  source = await newApiSource(tenant.id);
  endpoint = await newApiEndpoint(tenant.id, nowhere);
});

/** A 400 validation_failed whose message and issues name `field`. */
function expectInvalid(reply: Reply, field: string) {
  expectError(reply, 400, "validation_failed");
  expect(reply.body.error.message).toContain(field);
  const paths = (reply.body.error.issues ?? []).map((i: Body) => i.path);
  expect(
    paths.some((p: string) => p === field || p.startsWith(`${field}.`)),
    reply.text,
  ).toBe(true);
}

describe("bodies that are not JSON objects", () => {
  it("malformed JSON is a 400 malformed_json", async () => {
    const broken = '{"name": "Acme", "slug": ';
    for (const [method, path] of [
      ["POST", "/tenants"],
      ["POST", "/events"],
      ["POST", "/endpoints"],
      ["PATCH", `/sources/${source.id}`],
    ] as const) {
      expectError(await api(method, path, { raw: broken }), 400, "malformed_json");
    }
    const charset = { raw: "{oops}", contentType: "application/json; charset=utf-8" };
    expectError(await api("POST", "/tenants", charset), 400, "malformed_json");
  });

  it("a body sent as anything but JSON is a 415", async () => {
    const json = JSON.stringify({ name: "Acme", slug: uniqueSlug("acme") });
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "text/xml"]) {
      expectError(
        await api("POST", "/tenants", { raw: json, contentType }),
        415,
        "unsupported_media_type",
      );
    }
    const form = { raw: "name=Acme&slug=acme", contentType: "application/x-www-form-urlencoded" };
    expectError(await api("POST", "/tenants", form), 415, "unsupported_media_type");
  });

  it("a body over 1 MiB is a 413", async () => {
    const data = { blob: "x".repeat(1_100_000) };
    const reply = await api("POST", "/events", {
      body: { tenantId: tenant.id, type: "a.b", data },
    });
    expectError(reply, 413, "payload_too_large");
  });

  it("JSON nested deeper than 64 levels is a 400, however deep", async () => {
    for (const depth of [65, 10_000, 500_000]) {
      const data = `${"[".repeat(depth)}${"]".repeat(depth)}`;
      const raw = `{"tenantId":"${tenant.id}","type":"a.b","data":${data}}`;
      const reply = await api("POST", "/events", { raw });
      expectError(reply, 400, "invalid_body");
      expect(reply.body.error.message).toContain("64 levels");
    }
    const data = `${'{"a":'.repeat(60)}1${"}".repeat(60)}`;
    const raw = `{"tenantId":"${tenant.id}","type":"a.b","data":${data}}`;
    ok(await api("POST", "/events", { raw }), 202);
  });

  it("JSON that is not an object (an array, null, a string, a number) is a 400", async () => {
    for (const raw of ["[]", "null", '"acme"', "42"]) {
      expectError(await api("POST", "/tenants", { raw }), 400, "invalid_body");
    }
    // No body at all is an empty input: the fields it lacks are named.
    expectInvalid(await api("POST", "/tenants", { raw: "" }), "name");
  });
});

describe("wrong types and values", () => {
  it("are a 400 validation_failed naming the field, in bodies", async () => {
    const slug = uniqueSlug("bad");
    const cases: [string, string, object, string][] = [
      ["POST", "/tenants", { name: 42, slug }, "name"],
      ["POST", "/tenants", { name: "Acme", slug: "Not A Slug!" }, "slug"],
      ["POST", "/events", { tenantId: tenant.id, type: 5, data: {} }, "type"],
      ["POST", "/events", { tenantId: tenant.id, type: "has space", data: {} }, "type"],
      ["POST", "/events", { tenantId: tenant.id, type: "a.b", data: [1, 2] }, "data"],
      [
        "POST",
        "/events",
        { tenantId: tenant.id, type: "a.b", data: {}, idempotencyKey: 7 },
        "idempotencyKey",
      ],
      ["POST", "/endpoints", { tenantId: tenant.id, url: "ftp://example.com/x" }, "url"],
      [
        "POST",
        "/endpoints",
        { tenantId: tenant.id, url: nowhere, eventTypes: "a.*" },
        "eventTypes",
      ],
      [
        "POST",
        "/sources",
        { tenantId: tenant.id, slug, name: "S", maxBodyBytes: "big" },
        "maxBodyBytes",
      ],
      [
        "POST",
        "/sources",
        { tenantId: tenant.id, slug, name: "S", idempotency: { from: "x" } },
        "idempotency",
      ],
      ["PATCH", `/sources/${source.id}`, { name: "" }, "name"],
      ["PATCH", `/endpoints/${endpoint.id}`, { eventTypes: ["bad type"] }, "eventTypes"],
    ];
    for (const [method, path, body, field] of cases)
      expectInvalid(await api(method, path, { body }), field);
  });

  it("unknown fields in configuration bodies are a 400 naming them, and nothing is stored", async () => {
    const slug = uniqueSlug("typo");
    const cases: [string, string, object, string][] = [
      ["POST", "/tenants", { name: "Acme", slug, nmae: "Acme" }, "nmae"],
      ["POST", "/sources", { tenantId: tenant.id, slug, name: "S", batchh: true }, "batchh"],
      ["PATCH", `/sources/${source.id}`, { name: "S", enabeld: false }, "enabeld"],
      [
        "POST",
        "/sources",
        { tenantId: tenant.id, slug, name: "S", rateLimit: { limit: 5, perod: "1m" } },
        "perod",
      ],
      [
        "POST",
        "/endpoints",
        { tenantId: tenant.id, url: nowhere, evenTypes: ["a.*"] },
        "evenTypes",
      ],
      ["PATCH", `/endpoints/${endpoint.id}`, { timeout: 5000 }, "timeout"],
    ];
    for (const [method, path, body, field] of cases) {
      const reply = await api(method, path, { body });
      expectError(reply, 400, "validation_failed");
      expect(reply.body.error.message).toContain(`"${field}"`);
    }
    const tenants = ok(await api("GET", "/tenants")).items.map((t: Body) => t.slug);
    expect(tenants).not.toContain(slug);
    expect(ok(await api("GET", `/sources/${source.id}`)).enabled).toBe(true);
  });

  it("are a 400 validation_failed naming the parameter, in query strings", async () => {
    const cases: [string, string][] = [
      ["/events?limit=abc", "limit"],
      ["/events?limit=0", "limit"],
      ["/events?limit=100000", "limit"],
      ["/events?status=bogus", "status"],
      ["/events?from=yesterday", "from"],
      ["/deliveries?status=done", "status"],
      ["/stats?window=2y", "window"],
    ];
    for (const [path, field] of cases) expectInvalid(await api("GET", path), field);
  });

  it("booleans and numbers must be JSON booleans and numbers, not strings guessed at", async () => {
    const fresh = await newApiEndpoint(tenant.id, nowhere, { enabled: false });
    const src = (body: object) => ({
      tenantId: tenant.id,
      slug: uniqueSlug("coerce"),
      name: "S",
      ...body,
    });
    const cases: [string, string, object, string][] = [
      ["POST", "/endpoints", { tenantId: tenant.id, url: nowhere, enabled: "false" }, "enabled"],
      ["PATCH", `/endpoints/${fresh.id}`, { enabled: "no" }, "enabled"],
      ["POST", "/sources", src({ batch: "no" }), "batch"],
      ["POST", "/sources", src({ maxBodyBytes: true }), "maxBodyBytes"],
    ];
    const answers = [];
    for (const [method, path, body, field] of cases) {
      const { status, body: answer } = await api(method, path, { body });
      const stored = `${field} stored as ${JSON.stringify(answer?.[field])}`;
      answers.push([method, path, status, answer?.error?.code ?? stored]);
    }
    expect(answers).toEqual(cases.map(([m, p]) => [m, p, 400, "validation_failed"]));
  });

  it("PATCH /endpoints/{id} refuses the reserved headers that POST refuses", async () => {
    const fresh = await newApiEndpoint(tenant.id, nowhere);
    const reserved = { headers: { "Webhook-Id": "spoofed" } };
    const body = { tenantId: tenant.id, url: nowhere, ...reserved };
    expectInvalid(await api("POST", "/endpoints", { body }), "headers");
    expectInvalid(await api("PATCH", `/endpoints/${fresh.id}`, { body: reserved }), "headers");
    expect(ok(await api("GET", `/endpoints/${fresh.id}`)).headers).toEqual({});
  });

  it("custom headers that would break or forge the request are a 400 naming the header", async () => {
    const fresh = await newApiEndpoint(tenant.id, nowhere);
    const cases: [string, string][] = [
      ["X-Note", "a\r\nX-Injected: 1"],
      ["X-Note", "line\nbreak"],
      ["Transfer-Encoding", "chunked"],
      ["Connection", "close"],
      ["Content-Length", "5"],
      ["Host", "example.com"],
      ["Webhook-Signature", "v1,forged"],
    ];
    for (const [name, value] of cases) {
      const headers = { [name]: value };
      for (const reply of [
        await api("POST", "/endpoints", { body: { tenantId: tenant.id, url: nowhere, headers } }),
        await api("PATCH", `/endpoints/${fresh.id}`, { body: { headers } }),
      ]) {
        expectInvalid(reply, "headers");
        expect(reply.body.error.message, `${name}: ${JSON.stringify(value)}`).toContain(name);
      }
    }
    expect(ok(await api("GET", `/endpoints/${fresh.id}`)).headers).toEqual({});
  });

  it("a standard_webhooks secret must be base64, with or without whsec_", async () => {
    const make = (verification: object) =>
      api("POST", "/sources", {
        body: { tenantId: tenant.id, slug: uniqueSlug("sw"), name: "S", verification },
      });
    const refused = (reply: Reply) => {
      expectInvalid(reply, "verification.secret");
      expect(reply.body.error.message).toContain("base64");
    };
    for (const secret of ["not base64!", "whsec_not base64!", "whsec_", "whsec_abc"]) {
      refused(await make({ scheme: "standard_webhooks", secret }));
      refused(await make({ preset: "svix", secret }));
    }
    const key = randomBytes(24).toString("base64");
    ok(await make({ scheme: "standard_webhooks", secret: `whsec_${key}` }), 201);
    ok(await make({ scheme: "standard_webhooks", secret: key }), 201);
    ok(await make({ preset: "svix", secret: `whsec_${key}` }), 201);
    refused(
      await api("PATCH", `/sources/${source.id}`, {
        body: { verification: { scheme: "standard_webhooks", secret: "nope!" } },
      }),
    );
  });

  it("a NUL character in a string is a 4xx, not a 500", async () => {
    const event = (extra: object) => ({ tenantId: tenant.id, type: "a.b", data: {}, ...extra });
    const calls: [string, string, object?][] = [
      ["POST", "/tenants", { name: "Acme\u0000", slug: uniqueSlug("nul") }],
      ["POST", "/events", event({ data: { note: "a\u0000b" } })],
      ["POST", "/events", event({ subject: "s\u0000" })],
      ["POST", "/events", event({ idempotencyKey: "k\u0000" })],
      ["GET", "/events?subject=a%00b"],
      ["GET", "/events?tenantId=a%00b"],
    ];
    const answers = [];
    for (const [method, path, body] of calls) {
      const reply = await api(method, path, { body });
      expect(reply.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|Prisma|invocation/);
      answers.push([method, path, reply.status, reply.body?.error?.code]);
    }
    expect(answers.filter(([, , status]) => Number(status) >= 500)).toEqual([]);
  });
});

describe("path parameters", () => {
  it("GET /subjects/{key} finds a key that needs percent-encoding in a URL", async () => {
    const suffix = randomBytes(3).toString("hex");
    const keys = [`order ${suffix}`, `zürich-${suffix}`, `a/b-${suffix}`];
    const found = [];
    for (const key of keys) {
      await publish(tenant.id, "order.placed", {}, { subject: key });
      const reply = await api("GET", `/subjects/${encodeURIComponent(key)}`);
      found.push([key, reply.status, reply.body?.key ?? reply.body?.error?.message]);
    }
    expect(found).toEqual(keys.map((key) => [key, 200, key]));
  });

  it("odd ids are a 404, not a 500", async () => {
    for (const path of [
      "/events/%E0%A4%A",
      "/events/a%00b",
      "/sources/..%2F..%2Fetc",
      "/deliveries/%20",
    ]) {
      expectError(await api("GET", path), 404, "not_found");
    }
  });
});
