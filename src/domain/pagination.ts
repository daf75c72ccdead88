import { z } from "zod";

/** `?cursor=&limit=` of every list: the cursor is the last id of the page before. */
export const pageInput = {
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/** Prisma's keyset pagination arguments for a page: one row more tells whether there is a next. */
export function pageArgs(page: { cursor?: string; limit: number }) {
  return {
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  };
}

/** Rows (one more than the limit at most) -> the page and the cursor of the next, or null. */
export function toPage<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
