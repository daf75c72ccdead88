-- DropIndex
DROP INDEX "Event_status_receivedAt_idx";

-- DropIndex
DROP INDEX "Event_subjectId_receivedAt_idx";

-- DropIndex
DROP INDEX "Event_tenantId_publishKey_key";

-- CreateIndex
CREATE INDEX "Event_subjectId_receivedAt_idx" ON "Event"("subjectId", "receivedAt") WHERE ("subjectId" IS NOT NULL);

-- CreateIndex
CREATE INDEX "Event_status_receivedAt_idx" ON "Event"("status", "receivedAt") WHERE (status <> 'completed');

-- CreateIndex
CREATE UNIQUE INDEX "Event_tenantId_publishKey_key" ON "Event"("tenantId", "publishKey") WHERE ("publishKey" IS NOT NULL);
