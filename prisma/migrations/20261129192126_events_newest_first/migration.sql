-- CreateIndex
CREATE INDEX "Event_receivedAt_id_idx" ON "Event"("receivedAt" DESC, "id" DESC);
