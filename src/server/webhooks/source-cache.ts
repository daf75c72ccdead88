import { findEnabledSourceBySlug } from "@/domain/sources/sources";

type CachedSource = Awaited<ReturnType<typeof findEnabledSourceBySlug>>;

// Every webhook needs its source; a one-second cache spares the database that lookup under
// load, and a change to a source (secret, disable) takes effect within that second.
const TTL_MS = 1_000;
const cache = new Map<string, { source: CachedSource; expires: number }>();

export async function sourceBySlug(slug: string): Promise<CachedSource> {
  const hit = cache.get(slug);
  if (hit && hit.expires > Date.now()) return hit.source;
  const source = await findEnabledSourceBySlug(slug);
  if (cache.size > 10_000) cache.clear();
  cache.set(slug, { source, expires: Date.now() + TTL_MS });
  return source;
}
