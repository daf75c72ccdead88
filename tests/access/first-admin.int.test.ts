import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createSetupLink,
  ensureAdmin,
  hasAdmin,
  SETUP_LINK_SECONDS,
} from "@/domain/access/first-admin";
import { db } from "@/domain/db";
import {
  api,
  type Body,
  expectError,
  ok,
  query,
  serveApiForTheseTests,
  serverUrl,
} from "../api/rest-kit";
import { cookiesOf, newPerson, signInRequest } from "../support/people";
import { asBrowser, expectTrpcError, tokenOf, trpcAs } from "./access-kit";

// The first platform admin (PRODUCT.md): ADMIN_EMAIL + ADMIN_PASSWORD create or reset an admin
// at start (ensureAdmin); without them a one-time set-up link creates the first admin.
serveApiForTheseTests();

const newEmail = () => `admin-${randomBytes(6).toString("hex")}@example.test`;
const newPassword = () => `pw-${randomBytes(12).toString("hex")}`;

/** Signs in over HTTP; the cookie, or null when sign-in is refused. */
async function signInAs(email: string, password: string): Promise<string | null> {
  const reply = await signInRequest(serverUrl(), email, password);
  if (reply.status !== 200) {
    expect(reply.status, reply.text).toBe(401);
    expect(cookiesOf(reply)).not.toMatch(/session_token/);
    return null;
  }
  return cookiesOf(reply);
}

/** Is this cookie a platform admin's? (GET /people is for platform admins only.) */
async function isAdmin(cookie: string): Promise<boolean> {
  const reply = await asBrowser(cookie, "GET", "/people");
  expect([200, 403], reply.text).toContain(reply.status);
  return reply.status === 200;
}

/**
 * Runs `body` on a platform with no admin (the set-up link only works then): the admins that
 * earlier tests of this run made are set aside and given their role back after.
 */
async function withNoAdmin(body: () => Promise<void>) {
  const admins = await db.user.findMany({ where: { role: "admin" }, select: { id: true } });
  const ids = admins.map((a) => a.id);
  await db.user.updateMany({ where: { id: { in: ids } }, data: { role: null } });
  try {
    expect(await hasAdmin()).toBe(false);
    await body();
  } finally {
    await db.user.updateMany({ where: { id: { in: ids } }, data: { role: "admin" } });
  }
}

async function personCreatedEntry(userId: string): Promise<Body | undefined> {
  const log = ok(await api("GET", `/audit-log${query({ limit: 200 })}`)).items;
  return log.find((e: Body) => e.action === "person.created" && e.target.id === userId);
}

describe("ensureAdmin (ADMIN_EMAIL + ADMIN_PASSWORD)", () => {
  it("creates a platform admin who signs in with that password", async () => {
    const email = newEmail();
    const password = newPassword();
    expect(await ensureAdmin(email, password)).toEqual({ created: true });
    const cookie = await signInAs(email, password);
    expect(cookie).toMatch(/switchyard\.session_token=/);
    expect(await isAdmin(cookie ?? "")).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("admin");
    expect(await personCreatedEntry(user.id)).toMatchObject({
      actor: { type: "system" },
      tenantId: null,
      target: { type: "user", id: user.id },
    });
  });

  it("on a later start resets the password: the old one and its sessions stop working", async () => {
    const email = newEmail();
    const first = newPassword();
    const second = newPassword();
    await ensureAdmin(email, first);
    const oldSession = await signInAs(email, first);
    expect(oldSession).not.toBeNull();

    expect(await ensureAdmin(email.toUpperCase(), second)).toEqual({ created: false });
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await signInAs(email, first)).toBeNull();
    expectError(await asBrowser(oldSession ?? "", "GET", "/tenants"), 401, "unauthorized");
    const cookie = await signInAs(email, second);
    expect(cookie).not.toBeNull();
    expect(await isAdmin(cookie ?? "")).toBe(true);
  });

  it("makes an existing person an admin, with the configured password", async () => {
    const person = await newPerson({ platformRole: "viewer" });
    const viewerCookie = await signInAs(person.email, person.password);
    expect(await isAdmin(viewerCookie ?? "")).toBe(false);
    const password = newPassword();
    expect(await ensureAdmin(person.email, password)).toEqual({ created: false });
    expect(await signInAs(person.email, person.password)).toBeNull();
    const cookie = await signInAs(person.email, password);
    expect(await isAdmin(cookie ?? "")).toBe(true);
  });
});

describe("the set-up link for the first admin", () => {
  it("creates the first admin once: a second use fails", async () => {
    await withNoAdmin(async () => {
      const before = Date.now();
      const link = await createSetupLink(serverUrl());
      expect(link.url).toMatch(new RegExp(`^${serverUrl()}/setup/[\\w-]{20,200}$`));
      expect(link.expiresAt.getTime()).toBeGreaterThan(before);
      expect(link.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + SETUP_LINK_SECONDS * 1000);
      const token = tokenOf(link.url);
      const trpc = await trpcAs();
      expect(await trpc.account.setupLinkIsValid({ token })).toBe(true);

      const email = newEmail();
      const password = newPassword();
      expect(
        await trpc.account.completeSetup({ token, name: "First Admin", email, password }),
      ).toEqual({
        email,
      });
      expect(await hasAdmin()).toBe(true);
      const cookie = await signInAs(email, password);
      expect(await isAdmin(cookie ?? "")).toBe(true);
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      expect(user.name).toBe("First Admin");
      expect(await personCreatedEntry(user.id)).toMatchObject({ actor: { type: "system" } });

      expect(await trpc.account.setupLinkIsValid({ token })).toBe(false);
      const again = { token, name: "Second", email: newEmail(), password: newPassword() };
      await expectTrpcError(trpc.account.completeSetup(again), "NOT_FOUND");
      expect(await db.user.count({ where: { email: again.email } })).toBe(0);
    });
  });

  it("fails once an admin exists, and creates nobody", async () => {
    await ensureAdmin(newEmail(), newPassword());
    expect(await hasAdmin()).toBe(true);
    const link = await createSetupLink(serverUrl());
    const input = {
      token: tokenOf(link.url),
      name: "Late",
      email: newEmail(),
      password: newPassword(),
    };
    await expectTrpcError((await trpcAs()).account.completeSetup(input), "CONFLICT");
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
    expect(await signInAs(input.email, input.password)).toBeNull();
  });

  it("a newer link replaces an earlier one; an expired link creates nobody", async () => {
    await withNoAdmin(async () => {
      const trpc = await trpcAs();
      const earlier = tokenOf((await createSetupLink(serverUrl())).url);
      const later = tokenOf((await createSetupLink(serverUrl())).url);
      expect(await trpc.account.setupLinkIsValid({ token: earlier })).toBe(false);
      expect(await trpc.account.setupLinkIsValid({ token: later })).toBe(true);
      const input = { name: "Admin", email: newEmail(), password: newPassword() };
      await expectTrpcError(trpc.account.completeSetup({ ...input, token: earlier }), "NOT_FOUND");

      await db.verification.updateMany({
        where: { identifier: "first-admin-setup" },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect(await trpc.account.setupLinkIsValid({ token: later })).toBe(false);
      await expectTrpcError(trpc.account.completeSetup({ ...input, token: later }), "NOT_FOUND");
      expect(await db.user.count({ where: { email: input.email } })).toBe(0);
      expect(await hasAdmin()).toBe(false);
    });
  });

  it("a password under 8 characters is refused and leaves the link usable", async () => {
    await withNoAdmin(async () => {
      const trpc = await trpcAs();
      const token = tokenOf((await createSetupLink(serverUrl())).url);
      const email = newEmail();
      await expectTrpcError(
        trpc.account.completeSetup({ token, name: "Admin", email, password: "short" }),
        "BAD_REQUEST",
      );
      expect(await trpc.account.setupLinkIsValid({ token })).toBe(true);
      const password = newPassword();
      expect(await trpc.account.completeSetup({ token, name: "Admin", email, password })).toEqual({
        email,
      });
      expect(await signInAs(email, password)).not.toBeNull();
    });
  });
});

describe("the last platform admin", () => {
  it("cannot be demoted through PATCH /people/{id}", async () => {
    await withNoAdmin(async () => {
      const email = newEmail();
      await ensureAdmin(email, newPassword());
      const admin = await db.user.findUniqueOrThrow({ where: { email } });
      expectError(
        await api("PATCH", `/people/${admin.id}`, { body: { role: "viewer" } }),
        409,
        "conflict",
      );
      expect(await hasAdmin()).toBe(true);
    });
  });

  it("cannot be demoted by accepting a staff invitation with a lesser role either", async () => {
    await withNoAdmin(async () => {
      const email = newEmail();
      const password = newPassword();
      await ensureAdmin(email, password);
      const invited = ok(
        await api("POST", "/invitations", { body: { email, platformRole: "viewer" } }),
        201,
      );
      const cookie = (await signInAs(email, password)) ?? "";
      const accepting = (await trpcAs({ cookie })).account.acceptInvitation({
        token: tokenOf(invited.url),
      });
      await accepting.catch(() => undefined);
      // Whether the accept is refused or leaves the role alone, an admin is left.
      expect(await hasAdmin()).toBe(true);
      expect(await isAdmin(cookie)).toBe(true);
    });
  });
});
