import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import {
  api,
  type Body,
  expectError,
  newApiTenant,
  nowhere,
  ok,
  serveApiForTheseTests,
  serverUrl,
  tenantWithKey,
} from "../api/rest-kit";
import { newPerson, signIn, signInRequest } from "../support/people";
import {
  asBrowser,
  expectTrpcError,
  signedInMember,
  tokenOf,
  trpcAs,
  visibleTenantIds,
} from "./access-kit";

// Invitations, members and their roles (PRODUCT.md, "People, roles and the console"): an
// owner invites by email, the link is accepted once, and roles change what a person may do.
serveApiForTheseTests();

const newEmail = () => `invitee-${randomBytes(6).toString("hex")}@example.test`;
const newPassword = () => `pw-${randomBytes(12).toString("hex")}`;

/** Accepts an invitation as someone new, through the console's public procedure. */
async function acceptAsNewcomer(url: string, name: string, password: string) {
  return (await trpcAs()).account.acceptInvitation({ token: tokenOf(url), name, password });
}

describe("invitations", () => {
  it("an owner invites by email; the newcomer chooses a name and password, signs in and sees that tenant only", async () => {
    const tenant = await newApiTenant("invite");
    await newApiTenant("invite-other");
    const owner = await signedInMember(tenant.id, "owner");
    const email = newEmail();

    const invited = await asBrowser(owner.cookie, "POST", "/invitations", {
      body: { email: email.toUpperCase(), tenantId: tenant.id, role: "member" },
    });
    expect(invited.status, invited.text).toBe(201);
    expect(invited.body).toMatchObject({
      id: expect.stringMatching(/^inv_/),
      email,
      tenantId: tenant.id,
      role: "member",
      platformRole: null,
      url: expect.stringMatching(new RegExp(`^${serverUrl()}/invite/[\\w-]{20,}$`)),
    });
    const expiresAt = new Date(invited.body.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now());
    // Only the token's hash is stored: the link is in this answer and nowhere else.
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invited.body.id } });
    expect(JSON.stringify(row)).not.toContain(tokenOf(invited.body.url));

    // The open invitation is listed with the tenant's members.
    const members = ok(await asBrowser(owner.cookie, "GET", `/tenants/${tenant.id}/members`));
    expect(members.members.map((m: Body) => m.userId)).toEqual([owner.id]);
    expect(members.invitations.map((i: Body) => i.id)).toEqual([invited.body.id]);

    const trpc = await trpcAs();
    expect(await trpc.account.invitation({ token: tokenOf(invited.body.url) })).toEqual({
      email,
      tenantName: "Tenant invite",
      role: "member",
      hasAccount: false,
    });
    const password = newPassword();
    expect(await acceptAsNewcomer(invited.body.url, "New Member", password)).toEqual({
      email,
      tenantId: tenant.id,
    });

    const signedIn = await signInRequest(serverUrl(), email, password);
    expect(signedIn.status, signedIn.text).toBe(200);
    const cookie = await signIn(serverUrl(), { id: "", email, password });
    expect(await visibleTenantIds(cookie)).toEqual([tenant.id]);

    const after = ok(await asBrowser(owner.cookie, "GET", `/tenants/${tenant.id}/members`));
    expect(after.invitations).toEqual([]);
    expect(after.members).toContainEqual(
      expect.objectContaining({ email, name: "New Member", role: "member" }),
    );
  });

  it("an invitation is used once: a second accept fails and changes nothing", async () => {
    const tenant = await newApiTenant("invite-once");
    const invited = ok(
      await api("POST", "/invitations", { body: { email: newEmail(), tenantId: tenant.id } }),
      201,
    );
    expect(invited.role).toBe("member");
    await acceptAsNewcomer(invited.url, "First", newPassword());
    await expectTrpcError(acceptAsNewcomer(invited.url, "Second", newPassword()), "NOT_FOUND");
    await expectTrpcError(
      (await trpcAs()).account.invitation({ token: tokenOf(invited.url) }),
      "NOT_FOUND",
    );
    expect(await db.user.count({ where: { email: invited.email } })).toBe(1);
    const user = await db.user.findUniqueOrThrow({ where: { email: invited.email } });
    expect(user.name).toBe("First");
  });

  it("two tabs accepting one invitation at once: exactly one succeeds", async () => {
    const tenant = await newApiTenant("invite-race");
    const invited = ok(
      await api("POST", "/invitations", { body: { email: newEmail(), tenantId: tenant.id } }),
      201,
    );
    const results = await Promise.allSettled(
      ["A", "B", "C"].map((name) => acceptAsNewcomer(invited.url, name, newPassword())),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { email: invited.email } })).toBe(1);
    expect(await db.membership.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  it("a revoked or expired invitation cannot be accepted", async () => {
    const tenant = await newApiTenant("invite-dead");
    const revoked = ok(
      await api("POST", "/invitations", { body: { email: newEmail(), tenantId: tenant.id } }),
      201,
    );
    expect(ok(await api("DELETE", `/invitations/${revoked.id}`)).id).toBe(revoked.id);
    const open = ok(await api("GET", `/tenants/${tenant.id}/members`)).invitations;
    expect(open.map((i: Body) => i.id)).not.toContain(revoked.id);
    const expired = ok(
      await api("POST", "/invitations", { body: { email: newEmail(), tenantId: tenant.id } }),
      201,
    );
    await db.invitation.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const invitation of [revoked, expired]) {
      await expectTrpcError(acceptAsNewcomer(invitation.url, "Late", newPassword()), "NOT_FOUND");
      expect(await db.user.count({ where: { email: invitation.email } })).toBe(0);
    }
  });

  it("a newcomer must choose a name and a password of 8 characters or more", async () => {
    const tenant = await newApiTenant("invite-pw");
    const invited = ok(
      await api("POST", "/invitations", { body: { email: newEmail(), tenantId: tenant.id } }),
      201,
    );
    const trpc = await trpcAs();
    await expectTrpcError(
      trpc.account.acceptInvitation({
        token: tokenOf(invited.url),
        name: "Short",
        password: "short",
      }),
      "BAD_REQUEST",
    );
    await expectTrpcError(
      trpc.account.acceptInvitation({ token: tokenOf(invited.url) }),
      "BAD_REQUEST",
    );
    // Neither attempt used the link up.
    await acceptAsNewcomer(invited.url, "Patient", newPassword());
  });

  it("someone who already has an account accepts only when signed in as the invited email", async () => {
    const tenant = await newApiTenant("invite-known");
    const existing = await newPerson();
    const invited = ok(
      await api("POST", "/invitations", {
        body: { email: existing.email, tenantId: tenant.id, role: "owner" },
      }),
      201,
    );
    const token = tokenOf(invited.url);
    expect((await (await trpcAs()).account.invitation({ token })).hasAccount).toBe(true);

    // Not signed in, or signed in as someone else: refused, and the link still works after.
    await expectTrpcError(acceptAsNewcomer(invited.url, "Impostor", newPassword()), "UNAUTHORIZED");
    const stranger = await newPerson();
    const strangerCookie = await signIn(serverUrl(), stranger);
    await expectTrpcError(
      (await trpcAs({ cookie: strangerCookie })).account.acceptInvitation({ token }),
      "UNAUTHORIZED",
    );
    expect(await db.membership.count({ where: { tenantId: tenant.id } })).toBe(0);

    const cookie = await signIn(serverUrl(), existing);
    expect(await (await trpcAs({ cookie })).account.acceptInvitation({ token })).toEqual({
      email: existing.email,
      tenantId: tenant.id,
    });
    expect(await visibleTenantIds(cookie)).toEqual([tenant.id]);
    // The old password still signs in: accepting did not touch it.
    expect((await signInRequest(serverUrl(), existing.email, existing.password)).status).toBe(200);
  });

  it("a member cannot invite, and a tenant owner cannot invite platform staff or to another tenant", async () => {
    const tenant = await newApiTenant("invite-who");
    const other = await newApiTenant("invite-who-other");
    const member = await signedInMember(tenant.id, "member");
    const owner = await signedInMember(tenant.id, "owner");
    expectError(
      await asBrowser(member.cookie, "POST", "/invitations", {
        body: { email: newEmail(), tenantId: tenant.id },
      }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(owner.cookie, "POST", "/invitations", {
        body: { email: newEmail(), platformRole: "admin" },
      }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(owner.cookie, "POST", "/invitations", {
        body: { email: newEmail(), tenantId: other.id, role: "owner" },
      }),
      403,
      "forbidden",
    );
    expect(await db.invitation.count({ where: { tenantId: { in: [tenant.id, other.id] } } })).toBe(
      0,
    );
  });

  it("a tenant key invites to its own tenant only", async () => {
    const { tenant, key } = await tenantWithKey("invite-key");
    const other = await newApiTenant("invite-key-other");
    const mine = ok(await api("POST", "/invitations", { key, body: { email: newEmail() } }), 201);
    expect(mine.tenantId).toBe(tenant.id);
    expectError(
      await api("POST", "/invitations", { key, body: { email: newEmail(), tenantId: other.id } }),
      403,
      "forbidden",
    );
  });

  it("the admin invites platform staff: an operator invitation makes an operator", async () => {
    const email = newEmail();
    const invited = ok(
      await api("POST", "/invitations", { body: { email, platformRole: "operator" } }),
      201,
    );
    expect(invited).toMatchObject({ tenantId: null, role: null, platformRole: "operator" });
    const password = newPassword();
    expect(await acceptAsNewcomer(invited.url, "Ops", password)).toEqual({ email, tenantId: null });
    const cookie = await signIn(serverUrl(), { id: "", email, password });
    // Operators see every tenant, configure endpoints, but do not manage people.
    const tenant = await newApiTenant("ops-sees");
    expect(await visibleTenantIds(cookie)).toContain(tenant.id);
    expect(
      (
        await asBrowser(cookie, "POST", "/endpoints", {
          body: { tenantId: tenant.id, url: nowhere },
        })
      ).status,
    ).toBe(201);
    expectError(
      await asBrowser(cookie, "POST", "/invitations", {
        body: { email: newEmail(), tenantId: tenant.id },
      }),
      403,
      "forbidden",
    );
  });
});

describe("members and roles", () => {
  it("promoting a member to owner lets them create endpoints; removing them takes every access away", async () => {
    const tenant = await newApiTenant("roles");
    const owner = await signedInMember(tenant.id, "owner");
    const member = await signedInMember(tenant.id, "member");
    const endpoint = { tenantId: tenant.id, url: nowhere };

    // A member reads and retries, but does not configure or manage access.
    expect(await visibleTenantIds(member.cookie)).toEqual([tenant.id]);
    expectError(
      await asBrowser(member.cookie, "POST", "/endpoints", { body: endpoint }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(member.cookie, "PATCH", `/tenants/${tenant.id}/members/${member.id}`, {
        body: { role: "owner" },
      }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(member.cookie, "POST", `/tenants/${tenant.id}/portal-links`, { body: {} }),
      403,
      "forbidden",
    );

    const promoted = await asBrowser(
      owner.cookie,
      "PATCH",
      `/tenants/${tenant.id}/members/${member.id}`,
      {
        body: { role: "owner" },
      },
    );
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body).toEqual({ userId: member.id, tenantId: tenant.id, role: "owner" });

    // The same session, no new sign-in: roles are read on every request.
    const created = await asBrowser(member.cookie, "POST", "/endpoints", { body: endpoint });
    expect(created.status, created.text).toBe(201);
    expect(ok(await asBrowser(member.cookie, "GET", `/endpoints/${created.body.id}`)).id).toBe(
      created.body.id,
    );

    const removed = await asBrowser(
      owner.cookie,
      "DELETE",
      `/tenants/${tenant.id}/members/${member.id}`,
    );
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body).toEqual({ userId: member.id, tenantId: tenant.id, removed: true });

    expect(await visibleTenantIds(member.cookie)).toEqual([]);
    expectError(
      await asBrowser(member.cookie, "GET", `/endpoints/${created.body.id}`),
      404,
      "not_found",
    );
    expectError(
      await asBrowser(member.cookie, "POST", "/endpoints", { body: endpoint }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(member.cookie, "GET", `/tenants/${tenant.id}/members`),
      403,
      "forbidden",
    );
    const members = ok(await asBrowser(owner.cookie, "GET", `/tenants/${tenant.id}/members`));
    expect(members.members.map((m: Body) => m.userId)).toEqual([owner.id]);
  });

  it("demoting an owner to member takes configuring away at once", async () => {
    const tenant = await newApiTenant("demote");
    const owner = await signedInMember(tenant.id, "owner");
    const other = await signedInMember(tenant.id, "owner");
    ok(
      await asBrowser(owner.cookie, "PATCH", `/tenants/${tenant.id}/members/${other.id}`, {
        body: { role: "member" },
      }),
    );
    expectError(
      await asBrowser(other.cookie, "POST", "/endpoints", {
        body: { tenantId: tenant.id, url: nowhere },
      }),
      403,
      "forbidden",
    );
  });

  it("an owner of one tenant cannot change or remove members of another", async () => {
    const mine = await newApiTenant("roles-mine");
    const theirs = await newApiTenant("roles-theirs");
    const owner = await signedInMember(mine.id, "owner");
    const theirMember = await signedInMember(theirs.id, "member");
    expectError(
      await asBrowser(owner.cookie, "PATCH", `/tenants/${theirs.id}/members/${theirMember.id}`, {
        body: { role: "owner" },
      }),
      403,
      "forbidden",
    );
    expectError(
      await asBrowser(owner.cookie, "DELETE", `/tenants/${theirs.id}/members/${theirMember.id}`),
      403,
      "forbidden",
    );
    // Naming their member under my tenant finds nobody.
    expectError(
      await asBrowser(owner.cookie, "PATCH", `/tenants/${mine.id}/members/${theirMember.id}`, {
        body: { role: "owner" },
      }),
      404,
      "not_found",
    );
    expectError(
      await asBrowser(owner.cookie, "DELETE", `/tenants/${mine.id}/members/${theirMember.id}`),
      404,
      "not_found",
    );
    const membership = await db.membership.findUniqueOrThrow({
      where: { tenantId_userId: { tenantId: theirs.id, userId: theirMember.id } },
    });
    expect(membership.role).toBe("member");
  });

  it("a role outside owner/member is a 400", async () => {
    const tenant = await newApiTenant("roles-bad");
    const member = await signedInMember(tenant.id, "member");
    expectError(
      await api("PATCH", `/tenants/${tenant.id}/members/${member.id}`, { body: { role: "admin" } }),
      400,
      "validation_failed",
    );
  });
});
