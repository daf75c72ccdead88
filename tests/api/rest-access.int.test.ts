import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueSlug } from "../support/inbound-kit";
import { statusBeforeBodyIsSent } from "../support/partial-upload";
import {
  api,
  type Body,
  expectError,
  newApiEndpoint,
  newApiSource,
  newTenantKey,
  nowhere,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  serverUrl,
  type Tenant,
  tenantWithKey,
} from "./rest-kit";

// Who may do what on /api/v1 (PRODUCT.md): the admin key everything, a tenant key only its
// tenant. Naming another tenant is a 403; another tenant's thing by id is a 404.
serveApiForTheseTests();

describe("authentication", () => {
  const routes: [string, string][] = [
    ["GET", "/tenants"],
    ["POST", "/tenants"],
    ["GET", "/sources"],
    ["POST", "/endpoints"],
    ["POST", "/events"],
    ["GET", "/events/evt_unknown"],
    ["GET", "/deliveries"],
    ["GET", "/subjects/anything"],
    ["GET", "/stats"],
  ];

  it("no Authorization header is a 401 unauthorized on every route", async () => {
    for (const [method, path] of routes) {
      const body = method === "POST" ? {} : undefined;
      expectError(await api(method, path, { key: null, body }), 401, "unauthorized");
    }
  });

  it("a 401 comes before the body is read: no waiting for an upload, whatever its size", async () => {
    for (const length of [1_000_000, 50_000_000]) {
      expect(await statusBeforeBodyIsSent(`${serverUrl()}/api/v1/events`, length)).toBe(401);
    }
  });

  it("an unknown key, or the admin key sent another way, is a 401", async () => {
    const unknown = `sk_live_${randomBytes(32).toString("base64url")}`;
    for (const key of [unknown, "not-a-key", `${process.env.ADMIN_API_KEY}x`]) {
      expectError(await api("GET", "/tenants", { key }), 401, "unauthorized");
    }
    const basic = { authorization: `Basic ${process.env.ADMIN_API_KEY}` };
    expectError(await api("GET", "/tenants", { key: null, headers: basic }), 401, "unauthorized");
  });

  it("a revoked key (DELETE /tenants/{id}/api-keys/{keyId}) is a 401 from then on", async () => {
    const { tenant } = await tenantWithKey("revoke");
    const issued = await newTenantKey(tenant.id);
    expect((await api("GET", "/sources", { key: issued.key })).status).toBe(200);
    const revoked = ok(await api("DELETE", `/tenants/${tenant.id}/api-keys/${issued.id}`));
    expect(revoked).toMatchObject({ id: issued.id, revokedAt: expect.any(String) });
    expect(revoked).not.toHaveProperty("key");
    expectError(await api("GET", "/sources", { key: issued.key }), 401, "unauthorized");
    expectError(
      await api("POST", "/events", { key: issued.key, body: { type: "a.b", data: {} } }),
      401,
      "unauthorized",
    );
  });
});

describe("a tenant key's role", () => {
  it("an owner key mints keys; a member key reads, replays and retries but mints none", async () => {
    // A key made without a role (as every key before roles) is an owner key: it mints this one.
    const { tenant, key: ownerKey } = await tenantWithKey("roles");
    const member = ok(
      await api("POST", `/tenants/${tenant.id}/api-keys`, {
        key: ownerKey,
        body: { name: "reader", role: "member" },
      }),
      201,
    );
    expect(member).toMatchObject({ role: "member", key: expect.stringMatching(/^sk_live_/) });
    const asMember = (method: string, path: string, body?: unknown) =>
      api(method, path, { key: member.key, body });
    expect((await asMember("GET", "/sources")).status).toBe(200);
    const event = await publish(tenant.id, "claim.opened", { n: 1 });
    expect((await asMember("POST", `/events/${event.id}/replay`)).status).toBe(202);
    for (const refused of [
      await asMember("POST", `/tenants/${tenant.id}/api-keys`, { name: "escalate" }),
      await asMember("POST", `/tenants/${tenant.id}/api-keys`, { name: "x", role: "owner" }),
      await asMember("GET", `/tenants/${tenant.id}/api-keys`),
      await asMember("POST", "/endpoints", { url: nowhere }),
    ])
      expectError(refused, 403, "forbidden");
    expect(ok(await api("GET", `/tenants/${tenant.id}/api-keys`)).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "reader", role: "member" })]),
    );
    expectError(
      await api("POST", `/tenants/${tenant.id}/api-keys`, { body: { role: "admin" } }),
      400,
      "validation_failed",
    );
  });
});

describe("a tenant key stays in its tenant", () => {
  let mine: Tenant;
  let key: string;
  let theirs: Tenant;
  let their: { source: Body; endpoint: Body; eventId: string; deliveryId: string };
  beforeAll(async () => {
    ({ tenant: mine, key } = await tenantWithKey("mine"));
    ({ tenant: theirs } = await tenantWithKey("theirs"));
    const endpoint = await newApiEndpoint(theirs.id, nowhere);
    // A delivery of theirs without a runner: the endpoint's test event.
    const test = ok(await api("POST", `/endpoints/${endpoint.id}/test`), 202);
    their = {
      source: await newApiSource(theirs.id),
      endpoint,
      eventId: (await publish(theirs.id, "claim.opened", {}, { subject: "claim-theirs" })).id,
      deliveryId: test.deliveryId,
    };
  });
  const as = (method: string, path: string, body?: unknown) => api(method, path, { key, body });

  it("POST /tenants is 403 forbidden", async () => {
    const body = { name: "Sneaky", slug: uniqueSlug("sneaky") };
    expectError(await as("POST", "/tenants", body), 403, "forbidden");
  });

  it("GET /tenants lists only its own tenant; the admin sees every tenant", async () => {
    expect(ok(await as("GET", "/tenants")).items.map((t: Body) => t.id)).toEqual([mine.id]);
    const all = ok(await api("GET", "/tenants")).items.map((t: Body) => t.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it("naming another tenant is 403: creating, filtering, managing its keys", async () => {
    const tenantId = theirs.id;
    const refused = [
      await as("POST", "/sources", { tenantId, slug: uniqueSlug("x"), name: "X" }),
      await as("POST", "/endpoints", { tenantId, url: nowhere }),
      await as("POST", "/events", { tenantId, type: "claim.opened", data: {} }),
      await as("GET", `/events${query({ tenantId })}`),
      await as("GET", `/sources${query({ tenantId })}`),
      await as("GET", `/endpoints${query({ tenantId })}`),
      await as("GET", `/deliveries${query({ tenantId })}`),
      await as("GET", `/stats${query({ tenantId })}`),
      await as("POST", `/tenants/${tenantId}/api-keys`, { name: "mine now" }),
      await as("GET", `/tenants/${tenantId}/api-keys`),
    ];
    for (const reply of refused) expectError(reply, 403, "forbidden");
    expect(ok(await api("GET", `/tenants/${tenantId}/api-keys`)).items).toHaveLength(1);
  });

  it("may leave tenantId out when creating: it means its own tenant", async () => {
    const source = ok(await as("POST", "/sources", { slug: uniqueSlug("own"), name: "Own" }), 201);
    const endpoint = ok(await as("POST", "/endpoints", { url: nowhere }), 201);
    const event = ok(await as("POST", "/events", { type: "claim.opened", data: { a: 1 } }), 202);
    expect([source.tenantId, endpoint.tenantId, event.tenantId]).toEqual([
      mine.id,
      mine.id,
      mine.id,
    ]);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(ok(await as("GET", `/sources/${source.id}/secret`))).toHaveProperty("secret");
    expect(ok(await as("GET", `/endpoints/${endpoint.id}/secret`))).toEqual({
      secret: endpoint.secret,
    });
  });

  it("another tenant's source, endpoint, event or delivery by id is 404 not_found", async () => {
    const { source, endpoint, eventId, deliveryId } = their;
    const hidden = [
      await as("GET", `/sources/${source.id}`),
      await as("GET", `/sources/${source.id}/secret`),
      await as("PATCH", `/sources/${source.id}`, { name: "Hijacked" }),
      await as("DELETE", `/sources/${source.id}`),
      await as("GET", `/endpoints/${endpoint.id}`),
      await as("GET", `/endpoints/${endpoint.id}/secret`),
      await as("PATCH", `/endpoints/${endpoint.id}`, { url: "https://attacker.example/x" }),
      await as("POST", `/endpoints/${endpoint.id}/rotate-secret`),
      await as("DELETE", `/endpoints/${endpoint.id}`),
      await as("GET", `/events/${eventId}`),
      await as("POST", `/events/${eventId}/replay`),
      await as("GET", `/deliveries/${deliveryId}`),
      await as("POST", `/deliveries/${deliveryId}/retry`),
      await as("GET", "/subjects/claim-theirs"),
    ];
    for (const reply of hidden) {
      expectError(reply, 404, "not_found");
      expect(reply.text).not.toContain(theirs.id);
    }
    // Nothing of theirs changed.
    expect(ok(await api("GET", `/sources/${source.id}`)).name).toBe(source.name);
    const now = ok(await api("GET", `/endpoints/${endpoint.id}`));
    expect(now).toMatchObject({ url: nowhere, rotatingUntil: null });
    expect(ok(await api("GET", `/endpoints/${endpoint.id}/secret`))).toEqual({
      secret: endpoint.secret,
    });
    expect(ok(await api("GET", `/events${query({ tenantId: theirs.id })}`)).items).toHaveLength(2);
  });

  it("lists without a tenantId show only its own; the admin's show everyone's", async () => {
    const idsOf = async (path: string, k?: string) =>
      ok(await api("GET", path, { key: k })).items.map((i: Body) => i.id);
    for (const path of ["/sources", "/endpoints", "/events?limit=200", "/deliveries?limit=200"]) {
      const seen = await idsOf(path, key);
      const all = await idsOf(path);
      const theirIds = [their.source.id, their.endpoint.id, their.eventId, their.deliveryId];
      expect(
        seen.filter((id: string) => theirIds.includes(id)),
        path,
      ).toEqual([]);
      expect(all.filter((id: string) => theirIds.includes(id)).length, path).toBeGreaterThan(0);
    }
    const stats = ok(await as("GET", "/stats"));
    expect(stats.tenants.every((t: Body) => t.tenantId === mine.id)).toBe(true);
    expect(stats.endpoints.every((e: Body) => e.tenantId === mine.id)).toBe(true);
  });
});

describe("unknown ids", () => {
  it("are 404 not_found on every route that takes one", async () => {
    const missing = [
      await api("GET", "/sources/src_unknown"),
      await api("PATCH", "/sources/src_unknown", { body: { name: "X" } }),
      await api("DELETE", "/sources/src_unknown"),
      await api("GET", "/sources/src_unknown/secret"),
      await api("GET", "/endpoints/ep_unknown"),
      await api("PATCH", "/endpoints/ep_unknown", { body: { description: "X" } }),
      await api("DELETE", "/endpoints/ep_unknown"),
      await api("GET", "/endpoints/ep_unknown/secret"),
      await api("POST", "/endpoints/ep_unknown/rotate-secret"),
      await api("GET", "/events/evt_unknown"),
      await api("POST", "/events/evt_unknown/replay"),
      await api("GET", "/deliveries/dlv_unknown"),
      await api("POST", "/deliveries/dlv_unknown/retry"),
      await api("GET", `/subjects/unknown-${randomBytes(4).toString("hex")}`),
      await api("GET", "/no-such-route"),
    ];
    for (const reply of missing) expectError(reply, 404, "not_found");
  });
});
