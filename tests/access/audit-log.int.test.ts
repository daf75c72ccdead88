import { beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type Body,
  expectError,
  newApiEndpoint,
  newApiTenant,
  newTenantKey,
  nowhere,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  serverUrl,
  type Tenant,
} from "../api/rest-kit";
import { uniqueSlug } from "../support/inbound-kit";
import { newPerson, signIn } from "../support/people";
import { asBrowser, auditLogOf, openLink, signedInMember, tokenOf } from "./access-kit";

// The audit log (PRODUCT.md): GET /api/v1/audit-log?tenantId=&cursor=&limit= ->
// {items: [{id, at, actor: {type, id, label}, action, target: {type, id}, tenantId}],
// nextCursor}, newest first, each entry written in the change's own transaction.
serveApiForTheseTests();

const ENTRY_KEYS = ["action", "actor", "at", "details", "id", "target", "tenantId"];

describe("what the audit log records", () => {
  let tenant: Tenant;
  let key: { id: string; key: string };
  let owner: Awaited<ReturnType<typeof signedInMember>>;
  let log: Body[];
  const done: Record<string, Body> = {};
  const secrets: string[] = [];

  beforeAll(async () => {
    tenant = await newApiTenant("audit");
    key = await newTenantKey(tenant.id);
    secrets.push(key.key);
    owner = await signedInMember(tenant.id, "owner");

    // A person (cookie), a tenant key, the admin key and a portal session, each changing things.
    const endpoint = await asBrowser(owner.cookie, "POST", "/endpoints", {
      body: { tenantId: tenant.id, url: nowhere },
    });
    done.endpoint = ok(endpoint, 201);
    secrets.push(done.endpoint.secret);
    ok(
      await api("PATCH", `/endpoints/${done.endpoint.id}`, {
        key: key.key,
        body: { url: "http://127.0.0.1:9/elsewhere" },
      }),
    );
    const rotated = ok(await api("POST", `/endpoints/${done.endpoint.id}/rotate-secret`));
    secrets.push(rotated.secret);
    done.source = ok(
      await api("POST", "/sources", {
        key: key.key,
        body: { slug: uniqueSlug("audit"), name: "Leads" },
      }),
      201,
    );
    done.extraKey = await newTenantKey(tenant.id);
    secrets.push(done.extraKey.key);
    ok(await api("DELETE", `/tenants/${tenant.id}/api-keys/${done.extraKey.id}`));
    const test = ok(await api("POST", `/endpoints/${done.endpoint.id}/test`), 202);
    done.deliveryId = test.deliveryId;
    const link = ok(await api("POST", `/tenants/${tenant.id}/portal-links`, { body: {} }), 201);
    done.portalLink = link;
    secrets.push(tokenOf(link.url));
    const portal = (await openLink(link.url)).cookie;
    done.retried = await asBrowser(portal, "POST", `/deliveries/${done.deliveryId}/retry`);
    expect(done.retried.status, done.retried.text).toBe(202);
    done.event = await publish(tenant.id, "claim.opened", { claim: 7 });
    const replayed = await asBrowser(owner.cookie, "POST", `/events/${done.event.id}/replay`);
    done.replay = ok(replayed, 202);
    done.invitation = ok(
      await asBrowser(owner.cookie, "POST", "/invitations", {
        body: { email: "audited@example.test", tenantId: tenant.id },
      }),
      201,
    );
    secrets.push(tokenOf(done.invitation.url));
    log = await auditLogOf(tenant.id);
  });

  const entry = (action: string) => {
    const found = log.filter((e) => e.action === action);
    expect(found, action).toHaveLength(1);
    return found[0];
  };

  it("lists every change of the tenant, newest first, and nothing for reads", () => {
    expect(log.map((e) => e.action)).toEqual([
      "member.invited",
      "event.replayed",
      "delivery.retried",
      "portal_link.created",
      "endpoint.test_sent",
      "api_key.revoked",
      "api_key.created",
      "source.created",
      "endpoint.secret_rotated",
      "endpoint.updated",
      "endpoint.created",
      "api_key.created",
      "tenant.created",
    ]);
    const times = log.map((e) => new Date(e.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("each entry has PRODUCT.md's shape", () => {
    for (const e of log) {
      expect(Object.keys(e).sort()).toEqual(ENTRY_KEYS);
      expect(e.id).toMatch(/^aud_/);
      expect(new Date(e.at).toISOString()).toBe(e.at);
      expect(Object.keys(e.actor).sort()).toEqual(["id", "label", "type"]);
      expect(["user", "api_key", "portal", "system"]).toContain(e.actor.type);
      expect(Object.keys(e.target).sort()).toEqual(["id", "type"]);
      expect(e.action).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(e.tenantId).toBe(tenant.id);
    }
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
  });

  it("names a person by id and email (actor user)", () => {
    const created = entry("endpoint.created");
    expect(created.actor).toEqual({ type: "user", id: owner.id, label: owner.email });
    expect(created.target).toEqual({ type: "endpoint", id: done.endpoint.id });
    expect(entry("event.replayed")).toMatchObject({
      actor: { type: "user", id: owner.id },
      target: { type: "event", id: done.event.id },
      details: { replayId: done.replay.id },
    });
    expect(entry("member.invited")).toMatchObject({
      actor: { type: "user", id: owner.id },
      target: { type: "invitation", id: done.invitation.id },
      details: { email: "audited@example.test", role: "member" },
    });
  });

  it("names a tenant key by id and prefix, the admin key as such (actor api_key)", () => {
    const updated = entry("endpoint.updated");
    expect(updated.actor).toMatchObject({ type: "api_key", id: key.id });
    expect(updated.actor.label).toContain(key.key.slice(0, 14));
    expect(updated.target).toEqual({ type: "endpoint", id: done.endpoint.id });
    expect(entry("source.created")).toMatchObject({
      actor: { type: "api_key", id: key.id },
      target: { type: "source", id: done.source.id },
    });
    const admin = { type: "api_key", id: "admin", label: "Admin API key" };
    expect(entry("endpoint.secret_rotated")).toMatchObject({
      actor: admin,
      target: { type: "endpoint", id: done.endpoint.id },
    });
    expect(entry("api_key.revoked")).toMatchObject({
      actor: admin,
      target: { type: "api_key", id: done.extraKey.id },
    });
    const created = log.filter((e) => e.action === "api_key.created");
    expect(created.map((e) => e.target.id)).toEqual([done.extraKey.id, key.id]);
  });

  it("names a portal session (actor portal)", () => {
    const retried = entry("delivery.retried");
    expect(retried.actor).toMatchObject({ type: "portal", id: expect.stringMatching(/^ps_/) });
    expect(retried.actor.label).toContain("Tenant audit");
    expect(retried.target).toEqual({ type: "delivery", id: done.deliveryId });
  });

  it("keeps no secret: keys, signing secrets and link tokens are not in it", () => {
    const text = JSON.stringify(log);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("pages newest first with cursor and limit, without gaps or repeats", async () => {
    const pages: Body[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(
        await api("GET", `/audit-log${query({ tenantId: tenant.id, limit: 5, cursor })}`),
      );
      expect(page.items.length).toBeLessThanOrEqual(5);
      pages.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((e) => e.id)).toEqual(log.map((e) => e.id));
    expectError(await api("GET", `/audit-log${query({ limit: 0 })}`), 400, "validation_failed");
    expectError(await api("GET", `/audit-log${query({ limit: 201 })}`), 400, "validation_failed");
  });
});

describe("who sees which entries", () => {
  let mine: Tenant;
  let theirs: Tenant;
  let myKey: string;
  let theirKey: string;
  beforeAll(async () => {
    mine = await newApiTenant("audit-mine");
    theirs = await newApiTenant("audit-theirs");
    myKey = (await newTenantKey(mine.id)).key;
    theirKey = (await newTenantKey(theirs.id)).key;
    await newApiEndpoint(mine.id, nowhere);
    await newApiEndpoint(theirs.id, nowhere);
  });

  it("a tenant key sees its tenant's entries only, and may not ask for another's", async () => {
    const all = await auditLogOf(mine.id);
    const seen = ok(await api("GET", `/audit-log${query({ limit: 200 })}`, { key: myKey })).items;
    expect(seen.map((e: Body) => e.id)).toEqual(all.map((e) => e.id));
    expect(seen.every((e: Body) => e.tenantId === mine.id)).toBe(true);
    expectError(
      await api("GET", `/audit-log${query({ tenantId: theirs.id })}`, { key: myKey }),
      403,
      "forbidden",
    );
    const theirView = ok(
      await api("GET", `/audit-log${query({ limit: 200 })}`, { key: theirKey }),
    ).items;
    expect(theirView.length).toBeGreaterThan(0);
    expect(theirView.every((e: Body) => e.tenantId === theirs.id)).toBe(true);
  });

  it("a member and a portal session see their tenant's entries; someone of no tenant sees none", async () => {
    const member = await signedInMember(mine.id, "member");
    const memberView = ok(await asBrowser(member.cookie, "GET", "/audit-log?limit=200")).items;
    expect(memberView.length).toBeGreaterThan(0);
    expect(memberView.every((e: Body) => e.tenantId === mine.id)).toBe(true);

    const link = ok(await api("POST", `/tenants/${theirs.id}/portal-links`, { body: {} }), 201);
    const portal = (await openLink(link.url)).cookie;
    const portalView = ok(await asBrowser(portal, "GET", "/audit-log?limit=200")).items;
    expect(portalView.length).toBeGreaterThan(0);
    expect(portalView.every((e: Body) => e.tenantId === theirs.id)).toBe(true);
    expectError(
      await asBrowser(portal, "GET", `/audit-log${query({ tenantId: mine.id })}`),
      403,
      "forbidden",
    );

    const loner = await newPerson();
    const lonerView = ok(await asBrowser(await signIn(serverUrl(), loner), "GET", "/audit-log"));
    expect(lonerView).toEqual({ items: [], nextCursor: null });
  });

  it("the admin key and platform staff see every tenant's entries, and those of no tenant", async () => {
    // A platform role change is about no tenant: staff see it, a tenant's people do not.
    const viewer = await newPerson();
    ok(await api("PATCH", `/people/${viewer.id}`, { body: { role: "viewer" } }));
    const admin = ok(await api("GET", `/audit-log${query({ limit: 200 })}`)).items;
    const tenants = new Set(admin.map((e: Body) => e.tenantId));
    expect(tenants.has(mine.id) && tenants.has(theirs.id)).toBe(true);
    const roleChange = admin.find(
      (e: Body) => e.action === "person.role_changed" && e.target.id === viewer.id,
    );
    expect(roleChange).toMatchObject({
      tenantId: null,
      actor: { type: "api_key", id: "admin" },
      target: { type: "user", id: viewer.id },
      details: { role: "viewer" },
    });
    const member = await signedInMember(mine.id, "owner");
    const memberView = ok(await asBrowser(member.cookie, "GET", "/audit-log?limit=200")).items;
    expect(memberView.map((e: Body) => e.id)).not.toContain(roleChange.id);

    const cookie = await signIn(serverUrl(), viewer);
    const viewerAll = ok(await asBrowser(cookie, "GET", "/audit-log?limit=200")).items;
    expect(viewerAll.map((e: Body) => e.id)).toContain(roleChange.id);
    const viewerMine = ok(
      await asBrowser(cookie, "GET", `/audit-log${query({ tenantId: mine.id })}`),
    );
    expect(viewerMine.items.map((e: Body) => e.id)).toEqual(
      (await auditLogOf(mine.id)).map((e) => e.id),
    );
  });

  it("is not readable without a key or a session", async () => {
    expectError(await api("GET", "/audit-log", { key: null }), 401, "unauthorized");
  });
});

describe("an entry belongs to its change's transaction", () => {
  it("a change that fails leaves no entry: a duplicate source slug is a 409 and one source.created", async () => {
    const tenant = await newApiTenant("audit-tx");
    const slug = uniqueSlug("dup");
    ok(await api("POST", "/sources", { body: { tenantId: tenant.id, slug, name: "First" } }), 201);
    const before = await auditLogOf(tenant.id);
    expectError(
      await api("POST", "/sources", { body: { tenantId: tenant.id, slug, name: "Second" } }),
      409,
      "conflict",
    );
    const after = await auditLogOf(tenant.id);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    const created = after.filter((e) => e.action === "source.created");
    expect(created).toHaveLength(1);
    expect(created[0].details).toMatchObject({ slug });
  });

  it("a duplicate tenant slug is a 409 and leaves no tenant.created", async () => {
    const slug = uniqueSlug("audit-dup");
    const tenant = ok(await api("POST", "/tenants", { body: { name: "Once", slug } }), 201);
    expectError(await api("POST", "/tenants", { body: { name: "Twice", slug } }), 409, "conflict");
    const everything = ok(await api("GET", `/audit-log${query({ limit: 200 })}`)).items;
    const created = everything.filter(
      (e: Body) => e.action === "tenant.created" && e.details?.slug === slug,
    );
    expect(created.map((e: Body) => e.target.id)).toEqual([tenant.id]);
  });

  it("removing someone who is not a member is a 404 and leaves no member.removed entry", async () => {
    const tenant = await newApiTenant("audit-remove");
    const stranger = await newPerson();
    const before = await auditLogOf(tenant.id);
    expectError(
      await api("DELETE", `/tenants/${tenant.id}/members/${stranger.id}`),
      404,
      "not_found",
    );
    const after = await auditLogOf(tenant.id);
    expect(after.map((e) => `${e.action} ${e.target.id}`)).toEqual(
      before.map((e) => `${e.action} ${e.target.id}`),
    );
  });

  it("a refused change leaves no entry", async () => {
    const tenant = await newApiTenant("audit-refused");
    const member = await signedInMember(tenant.id, "member");
    const before = await auditLogOf(tenant.id);
    expectError(
      await asBrowser(member.cookie, "POST", "/endpoints", {
        body: { tenantId: tenant.id, url: nowhere },
      }),
      403,
      "forbidden",
    );
    expectError(
      await api("POST", "/endpoints", {
        body: { tenantId: tenant.id, url: nowhere },
        key: null,
        headers: { cookie: member.cookie, origin: "https://evil.example" },
      }),
      403,
      "forbidden",
    );
    expect((await auditLogOf(tenant.id)).map((e) => e.id)).toEqual(before.map((e) => e.id));
  });
});
