-- CreateEnum
CREATE TYPE "BulkRetryStatus" AS ENUM ('running', 'completed');

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "publishKey" TEXT;

-- CreateTable
CREATE TABLE "BulkRetry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT,
    "endpointId" TEXT,
    "kind" TEXT NOT NULL,
    "status" "BulkRetryStatus" NOT NULL DEFAULT 'running',
    "filter" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkRetry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "endpoint_rate_windows" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "endpoint_rate_windows_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "BulkRetry_tenantId_createdAt_idx" ON "BulkRetry"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Event_tenantId_publishKey_key" ON "Event"("tenantId", "publishKey");
