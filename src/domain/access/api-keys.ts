import { createHash, randomBytes } from "node:crypto";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { getTenant } from "@/domain/tenants/tenants";
import { newId } from "@/lib/ids";

/** Tenant keys look like `sk_live_<43 base64url chars>`: 256 random bits, easy to grep for. */
const KEY_PREFIX = "sk_live_";
// Used lately is good enough for a list; writing on every request would cost a write per call.
const LAST_USED_RESOLUTION_MS = 60_000;
// The hash identifies a key; no answer carries it.
const withoutHash = { hash: true } as const;

/** Issues a tenant key; the key itself is in this answer and nowhere else (only its hash is kept). */
export async function createApiKey(tenantId: string, name = "") {
  await getTenant(tenantId);
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiKey.create({
    omit: withoutHash,
    data: {
      id: newId("apiKey"),
      tenantId,
      name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
    },
  });
  return { ...row, key };
}

export async function listApiKeys(tenantId: string) {
  return db.apiKey.findMany({
    where: { tenantId },
    omit: withoutHash,
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiKey(tenantId: string, id: string) {
  const row = await db.apiKey.findFirst({ where: { id, tenantId } });
  if (!row) throw new DomainError("not_found", `No API key "${id}"`);
  return db.apiKey.update({
    where: { id },
    omit: withoutHash,
    data: { revokedAt: row.revokedAt ?? new Date() },
  });
}

/** The tenant a key belongs to, or null when it is unknown or revoked. */
export async function tenantOfApiKey(key: string): Promise<string | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  // A SHA-256 lookup is safe here: the key has 256 random bits, so there is nothing to guess.
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(key) } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.tenantId;
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
