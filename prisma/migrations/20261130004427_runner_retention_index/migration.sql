-- CreateIndex
CREATE INDEX "JobRun_endedAt_idx" ON "JobRun"("endedAt");
