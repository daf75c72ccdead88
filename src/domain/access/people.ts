import { hashPassword } from "better-auth/crypto";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { getTenant } from "@/domain/tenants/tenants";
import type { PlatformRole, Prisma, TenantRole } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import { actingTenant, coversTenant, type Scope } from "./scope";
import { hashToken, newToken } from "./tokens";

/** An invitation link stays valid this long. */
const INVITATION_SECONDS = 7 * 24 * 3600;

const personSelect = { id: true, name: true, email: true, role: true, createdAt: true } as const;

/**
 * Creates a person who signs in with email and password, as Better Auth would: a user and
 * its "credential" account holding the hashed password.
 */
export async function createPerson(
  tx: Prisma.TransactionClient,
  person: { name: string; email: string; password: string; role?: PlatformRole | null },
) {
  const id = newId("user");
  const user = await tx.user.create({
    data: { id, name: person.name, email: normalEmail(person.email), role: person.role ?? null },
    select: personSelect,
  });
  await tx.account.create({
    data: {
      id: newId("account"),
      userId: id,
      providerId: "credential",
      accountId: id,
      password: await hashPassword(person.password),
    },
  });
  return user;
}

/** Sets a person's password (and ends their sessions: whoever knew the old one is out). */
export async function setPassword(tx: Prisma.TransactionClient, userId: string, password: string) {
  const hash = await hashPassword(password);
  const updated = await tx.account.updateMany({
    where: { userId, providerId: "credential" },
    data: { password: hash },
  });
  if (updated.count === 0) {
    await tx.account.create({
      data: {
        id: newId("account"),
        userId,
        providerId: "credential",
        accountId: userId,
        password: hash,
      },
    });
  }
  await tx.session.deleteMany({ where: { userId } });
}

export const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * Invites someone to a tenant (`tenantId` + `role`) or to the platform staff
 * (`platformRole`, admins only): a link to copy; only the token's hash is kept.
 */
export async function invitePerson(
  scope: Scope,
  input: { email: string; tenantId?: string; role?: TenantRole; platformRole?: PlatformRole },
  origin: string,
) {
  const platform = input.platformRole !== undefined;
  if (platform && scope.tenantIds !== null) {
    throw new DomainError("forbidden", "Only a platform admin may invite platform staff");
  }
  const tenantId = platform ? null : actingTenant(scope, input.tenantId);
  if (tenantId) await getTenant(scope, tenantId);
  const { token, hash } = newToken();
  const id = newId("invitation");
  const email = normalEmail(input.email);
  const expiresAt = new Date(Date.now() + INVITATION_SECONDS * 1000);
  const role = platform ? null : (input.role ?? "member");
  const [row] = await db.$transaction([
    db.invitation.create({
      data: {
        id,
        tenantId,
        email,
        role,
        platformRole: input.platformRole ?? null,
        tokenHash: hash,
        invitedBy: scope.actor.id,
        expiresAt,
      },
    }),
    audited(scope, {
      action: "member.invited",
      target: { type: "invitation", id },
      tenantId,
      details: { email, role: role ?? input.platformRole ?? null },
    }),
  ]);
  return { ...toInvitation(row), url: `${origin}/invite/${token}` };
}

/** What an invitation link offers, for the page that accepts it. */
export async function invitationByToken(token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { name: true } } },
  });
  if (
    !invitation ||
    invitation.acceptedAt ||
    invitation.revokedAt ||
    invitation.expiresAt <= new Date()
  ) {
    throw new DomainError("not_found", "This invitation was already used, revoked or has expired");
  }
  const account = await db.user.findUnique({
    where: { email: invitation.email },
    select: { id: true },
  });
  return {
    email: invitation.email,
    tenantName: invitation.tenant?.name ?? null,
    role: invitation.role ?? invitation.platformRole,
    hasAccount: account !== null,
  };
}

/**
 * Accepts an invitation. Someone new chooses a name and password here; someone who already
 * has an account must be signed in as the invited email (`signedInUserId`).
 */
export async function acceptInvitation(
  token: string,
  input: { name?: string; password?: string; signedInUserId?: string },
) {
  return db.$transaction(async (tx) => {
    // Claimed first: two tabs accepting one link cannot both succeed.
    const claimed = await tx.invitation.updateManyAndReturn({
      where: {
        tokenHash: hashToken(token),
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      data: { acceptedAt: new Date() },
    });
    const invitation = claimed[0];
    if (!invitation) {
      throw new DomainError(
        "not_found",
        "This invitation was already used, revoked or has expired",
      );
    }
    let user = await tx.user.findUnique({
      where: { email: invitation.email },
      select: personSelect,
    });
    if (user && user.id !== input.signedInUserId) {
      throw new DomainError(
        "unauthorized",
        `Sign in as ${invitation.email} to accept this invitation`,
      );
    }
    if (!user) {
      if (!input.name || !input.password) {
        throw new DomainError(
          "validation_failed",
          "Choose a name and a password (8 characters or more)",
        );
      }
      user = await createPerson(tx, {
        name: input.name,
        email: invitation.email,
        password: input.password,
      });
    }
    if (invitation.platformRole && outranks(invitation.platformRole, user.role)) {
      // An invitation only ever raises a role: it cannot demote an admin (perhaps the last).
      await tx.user.update({ where: { id: user.id }, data: { role: invitation.platformRole } });
    } else if (invitation.tenantId && invitation.role) {
      await tx.membership.upsert({
        where: { tenantId_userId: { tenantId: invitation.tenantId, userId: user.id } },
        create: { tenantId: invitation.tenantId, userId: user.id, role: invitation.role },
        update: { role: invitation.role },
      });
    }
    const actor = { type: "user" as const, id: user.id, label: user.email };
    await audited(
      { tenantIds: null, actor },
      {
        action: "member.joined",
        target: { type: "user", id: user.id },
        tenantId: invitation.tenantId,
        details: { invitationId: invitation.id, role: invitation.role ?? invitation.platformRole },
      },
      tx,
    );
    return { email: user.email, tenantId: invitation.tenantId };
  });
}

/** A tenant's people and its open invitations. */
export async function listMembers(scope: Scope, tenantId: string) {
  const id = actingTenant(scope, tenantId);
  const [members, invitations] = await Promise.all([
    db.membership.findMany({
      where: { tenantId: id },
      include: { user: { select: personSelect } },
      orderBy: { createdAt: "asc" },
    }),
    db.invitation.findMany({
      where: { tenantId: id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    members: members.map((m) => ({
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      since: m.createdAt,
    })),
    invitations: invitations.map(toInvitation),
  };
}

export async function changeMemberRole(
  scope: Scope,
  input: { tenantId: string; userId: string; role: TenantRole },
) {
  const tenantId = actingTenant(scope, input.tenantId);
  const where = { tenantId_userId: { tenantId, userId: input.userId } };
  if (!(await db.membership.findUnique({ where }))) {
    throw new DomainError("not_found", `No member "${input.userId}" in this tenant`);
  }
  const [membership] = await db.$transaction([
    db.membership.update({ where, data: { role: input.role } }),
    audited(scope, {
      action: "member.role_changed",
      target: { type: "user", id: input.userId },
      tenantId,
      details: { role: input.role },
    }),
  ]);
  return { userId: membership.userId, tenantId, role: membership.role };
}

export async function removeMember(scope: Scope, input: { tenantId: string; userId: string }) {
  const tenantId = actingTenant(scope, input.tenantId);
  await db.$transaction(async (tx) => {
    const removed = await tx.membership.deleteMany({ where: { tenantId, userId: input.userId } });
    // Nothing removed, nothing logged: the throw rolls the transaction back.
    if (removed.count === 0) {
      throw new DomainError("not_found", `No member "${input.userId}" in this tenant`);
    }
    await audited(
      scope,
      { action: "member.removed", target: { type: "user", id: input.userId }, tenantId },
      tx,
    );
  });
  return { userId: input.userId, tenantId, removed: true as const };
}

export async function revokeInvitation(scope: Scope, id: string) {
  const invitation = await db.invitation.findUnique({ where: { id } });
  const visible =
    invitation &&
    (invitation.tenantId ? coversTenant(scope, invitation.tenantId) : scope.tenantIds === null);
  if (!visible) throw new DomainError("not_found", `No invitation "${id}"`);
  const [row] = await db.$transaction([
    db.invitation.update({
      where: { id },
      data: { revokedAt: invitation.revokedAt ?? new Date() },
    }),
    audited(scope, {
      action: "invitation.revoked",
      target: { type: "invitation", id },
      tenantId: invitation.tenantId,
    }),
  ]);
  return toInvitation(row);
}

/** Platform staff and everyone else with an account (platform admins only). */
export async function listPeople(scope: Scope) {
  requireEveryTenant(scope);
  const people = await db.user.findMany({
    select: {
      ...personSelect,
      memberships: { select: { tenantId: true, role: true, tenant: { select: { name: true } } } },
    },
    orderBy: { createdAt: "asc" },
  });
  return {
    items: people.map(({ memberships, ...person }) => ({
      ...person,
      memberships: memberships.map((m) => ({
        tenantId: m.tenantId,
        tenantName: m.tenant.name,
        role: m.role,
      })),
    })),
  };
}

/** Gives or takes a platform role; the last admin cannot be demoted (nobody could sign in as one). */
export async function setPlatformRole(scope: Scope, userId: string, role: PlatformRole | null) {
  requireEveryTenant(scope);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new DomainError("not_found", `No person "${userId}"`);
    if (user.role === "admin" && role !== "admin") {
      const admins = await tx.user.count({ where: { role: "admin" } });
      if (admins <= 1) throw new DomainError("conflict", "This is the last platform admin");
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: { role },
      select: personSelect,
    });
    await audited(
      scope,
      {
        action: "person.role_changed",
        target: { type: "user", id: userId },
        tenantId: null,
        details: { role },
      },
      tx,
    );
    return updated;
  });
}

const platformRank: Record<PlatformRole, number> = { viewer: 1, operator: 2, admin: 3 };
function outranks(role: PlatformRole, current: PlatformRole | null): boolean {
  return platformRank[role] > (current ? platformRank[current] : 0);
}

function requireEveryTenant(scope: Scope) {
  if (scope.tenantIds !== null)
    throw new DomainError("forbidden", "Only platform admins manage staff");
}

function toInvitation(row: {
  id: string;
  email: string;
  tenantId: string | null;
  role: TenantRole | null;
  platformRole: PlatformRole | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: row.id,
    email: row.email,
    tenantId: row.tenantId,
    role: row.role,
    platformRole: row.platformRole,
    expiresAt: row.expiresAt,
    acceptedAt: row.acceptedAt,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
  };
}
