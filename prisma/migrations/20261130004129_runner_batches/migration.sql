-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "batchKey" TEXT,
ADD COLUMN     "events" JSONB;

-- CreateIndex
CREATE INDEX "JobRun_functionId_batchKey_status_idx" ON "JobRun"("functionId", "batchKey", "status");
