-- CreateIndex
CREATE INDEX "Event_receivedAt_id_idx" ON "Event"("receivedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Event_payload_idx" ON "Event" USING GIN ("payload" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "Subject_lastEventAt_id_idx" ON "Subject"("lastEventAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Subject_key_idx" ON "Subject"("key");
