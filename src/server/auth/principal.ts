import { tenantOfApiKey } from "@/domain/access/api-keys";
import { everyTenant, type Scope, tenantScope } from "@/domain/access/scope";
import { safeEqual } from "@/lib/crypto/constant-time";

/** Who is calling the management API: the admin (ADMIN_API_KEY) or one tenant's key. */
export type Principal = { kind: "admin"; scope: Scope } | { kind: "tenant"; scope: Scope };

/** `Authorization: Bearer <key>` -> the principal, or null when the key is missing or unknown. */
export async function principalFrom(authorization: string | null | undefined) {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!key) return null;
  const adminKey = process.env.ADMIN_API_KEY;
  if (adminKey && safeEqual(key, adminKey)) {
    return { kind: "admin", scope: everyTenant } satisfies Principal;
  }
  const tenantId = await tenantOfApiKey(key);
  return tenantId ? ({ kind: "tenant", scope: tenantScope(tenantId) } satisfies Principal) : null;
}
