"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/**
 * A list's filters live in the query string, so a filtered view is a URL to share or open in
 * a new tab. Changing a filter starts again from the first page (the cursor is dropped).
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const values = useMemo(
    () =>
      Object.fromEntries(keys.map((key) => [key, params.get(key) ?? undefined])) as Record<
        K,
        string | undefined
      >,
    [keys, params],
  );

  const set = useCallback(
    (patch: Partial<Record<K | "cursor", string | undefined>>) => {
      // From the address bar, not this render: two quick changes must both land.
      const next = new URLSearchParams(window.location.search);
      if (!("cursor" in patch)) next.delete("cursor");
      for (const [key, value] of Object.entries(patch) as [string, string | undefined][]) {
        if (value === undefined || value === "") next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router],
  );

  return { values, cursor: params.get("cursor") ?? undefined, set };
}
