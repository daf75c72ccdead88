import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/domain/access/tokens";
import { db } from "@/domain/db";
import { PORTAL_COOKIE, readCookie } from "@/server/auth/cookies";
import {
  api,
  type Body,
  expectError,
  newApiEndpoint,
  nowhere,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  serverUrl,
  type Tenant,
  tenantWithKey,
} from "../api/rest-kit";
import { httpFrom } from "../support/people";
import { asBrowser, openLink, signedInMember, tokenOf, visibleTenantIds } from "./access-kit";

// Tenant portal links (PRODUCT.md): POST /tenants/{id}/portal-links -> 201 {url, expiresAt}
// (at most 1 h). Opening the URL once signs a browser into that tenant only; a used or
// expired link signs nobody in.
serveApiForTheseTests();

const HOUR_MS = 3600 * 1000;

let mine: Tenant;
let myKey: string;
let theirs: Tenant;
let theirKey: string;
let myEventId: string;
let theirEventId: string;
let theirEndpointId: string;
beforeAll(async () => {
  ({ tenant: mine, key: myKey } = await tenantWithKey("portal-mine"));
  ({ tenant: theirs, key: theirKey } = await tenantWithKey("portal-theirs"));
  myEventId = (await publish(mine.id, "claim.opened", { n: 1 })).id;
  theirEventId = (await publish(theirs.id, "claim.opened", { n: 2 })).id;
  theirEndpointId = (await newApiEndpoint(theirs.id, nowhere)).id;
});

async function newLink(tenantId: string, body: object = {}, key?: string) {
  const reply = await api("POST", `/tenants/${tenantId}/portal-links`, { body, key });
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

/** Opens a fresh link of `mine` and returns the portal cookie. */
async function portalCookie(role: "member" | "owner" = "member") {
  const opened = await openLink((await newLink(mine.id, { role })).url);
  expect(opened.status, opened.text).toBe(303);
  return opened.cookie;
}

describe("creating a portal link", () => {
  it("answers 201 {url, expiresAt} valid at most an hour, and keeps only the token's hash", async () => {
    const before = Date.now();
    const link = await newLink(mine.id, { role: "member" });
    const after = Date.now();
    expect(link).toMatchObject({
      tenantId: mine.id,
      role: "member",
      url: expect.stringMatching(new RegExp(`^${serverUrl()}/portal/[\\w-]{20,200}$`)),
      expiresAt: expect.any(String),
    });
    const expiresAt = new Date(link.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(before);
    expect(expiresAt).toBeLessThanOrEqual(after + HOUR_MS);
    const row = await db.portalLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.usedAt).toBeNull();
    expect(JSON.stringify(row)).not.toContain(tokenOf(link.url));
  });

  it("a shorter life may be asked for; more than an hour is a 400", async () => {
    const after = Date.now();
    const short = await newLink(mine.id, { expiresInSeconds: 600 });
    expect(new Date(short.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(new Date(short.expiresAt).getTime()).toBeGreaterThan(after);
    expectError(
      await api("POST", `/tenants/${mine.id}/portal-links`, { body: { expiresInSeconds: 7200 } }),
      400,
      "validation_failed",
    );
    expectError(
      await api("POST", `/tenants/${mine.id}/portal-links`, { body: { role: "admin" } }),
      400,
      "validation_failed",
    );
  });

  it("a tenant key makes links for its own tenant, never for another", async () => {
    expect((await newLink(mine.id, {}, myKey)).tenantId).toBe(mine.id);
    expectError(
      await api("POST", `/tenants/${mine.id}/portal-links`, { key: theirKey, body: {} }),
      403,
      "forbidden",
    );
    expectError(
      await api("POST", `/tenants/${theirs.id}/portal-links`, { key: myKey, body: {} }),
      403,
      "forbidden",
    );
    expect(await db.portalLink.count({ where: { tenantId: theirs.id } })).toBe(0);
  });

  it("a tenant's owner makes links from the console; a member may not", async () => {
    const owner = await signedInMember(mine.id, "owner");
    const made = await asBrowser(owner.cookie, "POST", `/tenants/${mine.id}/portal-links`, {
      body: { role: "owner" },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ tenantId: mine.id, role: "owner" });
    const member = await signedInMember(mine.id, "member");
    expectError(
      await asBrowser(member.cookie, "POST", `/tenants/${mine.id}/portal-links`, { body: {} }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(owner.cookie, "POST", `/tenants/${theirs.id}/portal-links`, { body: {} }),
      403,
      "forbidden",
    );
  });

  it("without a key or cookie it is a 401; an unknown tenant is a 404", async () => {
    expectError(
      await api("POST", `/tenants/${mine.id}/portal-links`, { key: null, body: {} }),
      401,
      "unauthorized",
    );
    expectError(
      await api("POST", "/tenants/ten_unknown/portal-links", { body: {} }),
      404,
      "not_found",
    );
  });
});

describe("opening a portal link", () => {
  it("signs the browser into that tenant only: 303 to the console with an httpOnly cookie", async () => {
    const link = await newLink(mine.id, { role: "member" });
    const opened = await openLink(link.url);
    expect(opened.status, opened.text).toBe(303);
    expect(opened.headers.location).toBe("/");
    const setCookie = String(opened.headers["set-cookie"]);
    expect(setCookie).toMatch(/^switchyard\.portal=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = opened.cookie;

    expect(await visibleTenantIds(cookie)).toEqual([mine.id]);
    expect(ok(await asBrowser(cookie, "GET", `/events/${myEventId}`)).id).toBe(myEventId);
    expectError(await asBrowser(cookie, "GET", `/events/${theirEventId}`), 404, "not_found");
    expectError(await asBrowser(cookie, "GET", `/endpoints/${theirEndpointId}`), 404, "not_found");
    expectError(
      await asBrowser(cookie, "GET", `/events${query({ tenantId: theirs.id })}`),
      403,
      "forbidden",
    );
    const events = ok(await asBrowser(cookie, "GET", "/events")).items.map((e: Body) => e.id);
    expect(events).toContain(myEventId);
    expect(events).not.toContain(theirEventId);
    expectError(await asBrowser(cookie, "GET", `/tenants/${theirs.id}`), 404, "not_found");
  });

  it("a second opening signs nobody in: 410 and no cookie", async () => {
    const link = await newLink(mine.id);
    expect((await openLink(link.url)).status).toBe(303);
    const again = await openLink(link.url);
    expect(again.status).toBe(410);
    expect(again.headers["set-cookie"]).toBeUndefined();
    expect(again.text).toMatch(/cannot be used/);
  });

  it("an expired link signs nobody in", async () => {
    const link = await newLink(mine.id);
    await db.portalLink.update({
      where: { id: link.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const opened = await openLink(link.url);
    expect(opened.status).toBe(410);
    expect(opened.headers["set-cookie"]).toBeUndefined();
    expect(await db.portalSession.count({ where: { linkId: link.id } })).toBe(0);
  });

  it("an unknown token signs nobody in", async () => {
    const opened = await openLink(`${serverUrl()}/portal/${"x".repeat(43)}`);
    expect(opened.status).toBe(410);
    expect(opened.headers["set-cookie"]).toBeUndefined();
  });

  it("two browsers racing for one link: exactly one is signed in", async () => {
    const link = await newLink(mine.id);
    const replies = await Promise.all(Array.from({ length: 5 }, () => openLink(link.url)));
    expect(replies.map((r) => r.status).sort()).toEqual([303, 410, 410, 410, 410]);
    expect(await db.portalSession.count({ where: { linkId: link.id } })).toBe(1);
  });

  it("a member link reads and retries but does not configure; an owner link configures its tenant", async () => {
    const member = await portalCookie("member");
    expectError(
      await asBrowser(member, "POST", "/endpoints", { body: { url: nowhere } }),
      403,
      "forbidden",
    );
    const owner = await portalCookie("owner");
    const created = await asBrowser(owner, "POST", "/endpoints", { body: { url: nowhere } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.tenantId).toBe(mine.id);
    expectError(
      await asBrowser(owner, "POST", "/endpoints", { body: { tenantId: theirs.id, url: nowhere } }),
      403,
      "forbidden",
    );
    // A portal cookie is a cookie: changes from another site are refused.
    expectError(
      await asBrowser(owner, "POST", "/endpoints", {
        body: { url: nowhere },
        origin: "https://evil.example",
      }),
      403,
      "forbidden",
    );
    // Tenants are the platform admin's to create.
    expectError(
      await asBrowser(owner, "POST", "/tenants", {
        body: { name: "Mine now", slug: "portal-made" },
      }),
      403,
      "forbidden",
    );
  });

  it("signing out of the portal ends the session; an expired portal session is a 401", async () => {
    const cookie = await portalCookie();
    const out = await httpFrom(`${serverUrl()}/api/portal/sign-out`, {
      method: "POST",
      headers: { cookie, origin: serverUrl() },
    });
    expect(out.status).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/switchyard\.portal=;.*Max-Age=0/);
    expectError(await asBrowser(cookie, "GET", "/tenants"), 401, "unauthorized");

    const other = await portalCookie();
    expect((await asBrowser(other, "GET", "/tenants")).status).toBe(200);
    const token = readCookie(new Headers({ cookie: other }), PORTAL_COOKIE) ?? "";
    const expired = await db.portalSession.updateMany({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(expired.count).toBe(1);
    expectError(await asBrowser(other, "GET", "/tenants"), 401, "unauthorized");
  });
});
