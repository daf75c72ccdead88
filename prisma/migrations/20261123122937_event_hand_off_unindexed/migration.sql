-- DropIndex
DROP INDEX "Event_handedOffAt_receivedAt_idx";
