import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { createPerson, normalEmail, setPassword } from "./people";
import { systemActor } from "./scope";
import { hashToken, newToken } from "./tokens";

/** The set-up link for the first admin is valid this long. */
export const SETUP_LINK_SECONDS = 3600;
const SETUP_IDENTIFIER = "first-admin-setup";
const system = { tenantIds: null, actor: systemActor };

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: makes that person a platform admin with that password,
 * creating them on the first start and resetting them on later ones.
 */
export async function ensureAdmin(email: string, password: string, name = "Admin") {
  const address = normalEmail(email);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: address } });
    if (!existing) {
      const user = await createPerson(tx, { name, email: address, password, role: "admin" });
      await audited(
        system,
        {
          action: "person.created",
          target: { type: "user", id: user.id },
          tenantId: null,
          details: { role: "admin", from: "ADMIN_EMAIL" },
        },
        tx,
      );
      return { created: true };
    }
    await tx.user.update({ where: { id: existing.id }, data: { role: "admin" } });
    await setPassword(tx, existing.id, password);
    return { created: false };
  });
}

export async function hasAdmin(): Promise<boolean> {
  return (await db.user.count({ where: { role: "admin" } })) > 0;
}

/** A one-time link that creates the first admin; a new one replaces any earlier one. */
export async function createSetupLink(origin: string) {
  const { token, hash } = newToken();
  const expiresAt = new Date(Date.now() + SETUP_LINK_SECONDS * 1000);
  await db.$transaction([
    db.verification.deleteMany({ where: { identifier: SETUP_IDENTIFIER } }),
    db.verification.create({
      data: {
        id: `ver_setup_${hash.slice(0, 16)}`,
        identifier: SETUP_IDENTIFIER,
        value: hash,
        expiresAt,
      },
    }),
  ]);
  return { url: `${origin}/setup/${token}`, expiresAt };
}

export async function setupLinkIsValid(token: string): Promise<boolean> {
  const row = await db.verification.findFirst({
    where: { identifier: SETUP_IDENTIFIER, value: hashToken(token), expiresAt: { gt: new Date() } },
  });
  return row !== null;
}

/** Uses the set-up link: creates the first admin, once, and only while there is none. */
export async function completeSetup(
  token: string,
  input: { name: string; email: string; password: string },
) {
  return db.$transaction(async (tx) => {
    const used = await tx.verification.deleteMany({
      where: {
        identifier: SETUP_IDENTIFIER,
        value: hashToken(token),
        expiresAt: { gt: new Date() },
      },
    });
    if (used.count === 0)
      throw new DomainError("not_found", "This set-up link was already used or has expired");
    if ((await tx.user.count({ where: { role: "admin" } })) > 0) {
      throw new DomainError("conflict", "There is already an admin: sign in instead");
    }
    const user = await createPerson(tx, { ...input, role: "admin" });
    await audited(
      system,
      {
        action: "person.created",
        target: { type: "user", id: user.id },
        tenantId: null,
        details: { role: "admin", from: "set-up link" },
      },
      tx,
    );
    return { email: user.email };
  });
}
