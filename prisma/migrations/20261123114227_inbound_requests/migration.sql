-- AlterTable
ALTER TABLE "Event" DROP COLUMN "headers",
DROP COLUMN "rawBody",
ADD COLUMN     "batchIndex" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "requestId" TEXT;

-- CreateTable
CREATE TABLE "InboundRequest" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contentType" TEXT NOT NULL,
    "rawBody" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "outcome" JSONB NOT NULL,

    CONSTRAINT "InboundRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboundRequest_sourceId_receivedAt_idx" ON "InboundRequest"("sourceId", "receivedAt" DESC);

-- AddForeignKey
ALTER TABLE "InboundRequest" ADD CONSTRAINT "InboundRequest_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "InboundRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
