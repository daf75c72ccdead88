-- Room on each page for the next version of a row: marking an event handed off (handedOffAt,
-- unindexed) then stays on its page as a heap-only update, which writes no index entry, instead
-- of adding one to each of the table's eleven indexes (GIN on the payload included) on the
-- webhook path's heels. Prisma's schema cannot say this; it applies to pages written from now.
ALTER TABLE "Event" SET (fillfactor = 70);
