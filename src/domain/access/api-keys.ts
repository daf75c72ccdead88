import { createHash, randomBytes } from "node:crypto";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { getTenant } from "@/domain/tenants/tenants";
import type { TenantRole } from "@/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { actingTenant, type Scope } from "./scope";

/** Tenant keys look like `sk_live_<43 base64url chars>`: 256 random bits, easy to grep for. */
const KEY_PREFIX = "sk_live_";
// Used lately is good enough for a list; writing on every request would cost a write per call.
const LAST_USED_RESOLUTION_MS = 60_000;
// The hash identifies a key; no answer carries it.
const withoutHash = { hash: true } as const;

/** Issues a tenant key; the key itself is in this answer and nowhere else (only its hash is kept). */
export async function createApiKey(
  scope: Scope,
  tenant: string,
  name = "",
  role: TenantRole = "owner",
) {
  const tenantId = (await getTenant(scope, actingTenant(scope, tenant))).id;
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const id = newId("apiKey");
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const [row] = await db.$transaction([
    db.apiKey.create({
      omit: withoutHash,
      data: { id, tenantId, name, prefix, role, hash: hashKey(key) },
    }),
    audited(scope, {
      action: "api_key.created",
      target: { type: "api_key", id },
      tenantId,
      details: { name, prefix, role },
    }),
  ]);
  return { ...row, key };
}

export async function listApiKeys(scope: Scope, tenant: string) {
  return db.apiKey.findMany({
    where: { tenantId: actingTenant(scope, tenant) },
    omit: withoutHash,
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiKey(scope: Scope, tenant: string, id: string) {
  const tenantId = actingTenant(scope, tenant);
  const row = await db.apiKey.findFirst({ where: { id, tenantId } });
  if (!row) throw new DomainError("not_found", `No API key "${id}"`);
  const [revoked] = await db.$transaction([
    db.apiKey.update({
      where: { id },
      omit: withoutHash,
      data: { revokedAt: row.revokedAt ?? new Date() },
    }),
    audited(scope, { action: "api_key.revoked", target: { type: "api_key", id }, tenantId }),
  ]);
  return revoked;
}

/** The key's id, prefix and tenant, or null when it is unknown or revoked. */
export async function tenantOfApiKey(
  key: string,
): Promise<{ id: string; prefix: string; tenantId: string; role: TenantRole } | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  // A SHA-256 lookup is safe here: the key has 256 random bits, so there is nothing to guess.
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(key) } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.id, prefix: row.prefix, tenantId: row.tenantId, role: row.role };
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
