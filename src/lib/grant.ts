/** Where a caller holds a permission: every tenant, or these (none when empty). */
export type Grant = "all" | readonly string[];

/** Whether a grant covers a tenant, or, with no tenant named, any tenant at all. */
export function allows(grant: Grant, tenantId?: string): boolean {
  if (grant === "all") return true;
  return tenantId === undefined ? grant.length > 0 : grant.includes(tenantId);
}
