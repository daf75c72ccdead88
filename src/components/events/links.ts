/** A subject's page; the tenant picks one when tenants share a key. */
export function subjectHref(key: string, tenantId: string): string {
  return `/subjects/${encodeURIComponent(key)}?tenantId=${encodeURIComponent(tenantId)}`;
}
