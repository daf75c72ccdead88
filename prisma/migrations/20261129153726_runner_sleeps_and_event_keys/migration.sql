-- AlterTable
ALTER TABLE "JobEvent" ADD COLUMN     "key" TEXT;

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "sleeps" JSONB NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE UNIQUE INDEX "JobEvent_key_key" ON "JobEvent"("key");
