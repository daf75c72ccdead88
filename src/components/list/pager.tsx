"use client";

import { Button } from "@/components/ui/button";

/** Keyset pages: forward by cursor, and back to the newest. */
export function Pager({
  cursor,
  nextCursor,
  onPage,
}: {
  cursor: string | undefined;
  nextCursor: string | null | undefined;
  onPage: (cursor: string | undefined) => void;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-end gap-2">
      <Button variant="secondary" disabled={!cursor} onClick={() => onPage(undefined)}>
        First page
      </Button>
      <Button
        variant="secondary"
        disabled={!nextCursor}
        onClick={() => onPage(nextCursor ?? undefined)}
      >
        Next page
      </Button>
    </nav>
  );
}
