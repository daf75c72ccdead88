-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "retentionDays" INTEGER NOT NULL DEFAULT 30;

-- CreateIndex
CREATE INDEX "Event_requestId_idx" ON "Event"("requestId");

-- CreateIndex
CREATE INDEX "Event_replayOfId_idx" ON "Event"("replayOfId") WHERE ("replayOfId" IS NOT NULL);
