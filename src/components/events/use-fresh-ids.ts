"use client";

import { useEffect, useRef, useState } from "react";

/** Ids that appeared since the list was first shown: live updates light them up for a moment. */
export function useFreshIds(ids: string[] | undefined): Set<string> {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const key = ids?.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ids`' contents.
  useEffect(() => {
    if (!ids) return;
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const known = seen.current;
    const arrived = ids.filter((id) => !known.has(id));
    for (const id of arrived) known.add(id);
    if (arrived.length === 0) return;
    setFresh(new Set(arrived));
    const timer = setTimeout(() => setFresh(new Set()), 3_000);
    return () => clearTimeout(timer);
  }, [key]);
  return fresh;
}
