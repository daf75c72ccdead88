-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('queued', 'running', 'waiting', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "JobEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "JobEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "eventId" TEXT,
    "event" JSONB NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'queued',
    "nextAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leasedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "stack" TEXT[],
    "planned" JSONB NOT NULL DEFAULT '[]',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "disableImmediateExecution" BOOLEAN NOT NULL DEFAULT false,
    "concurrencyKey" TEXT,
    "throttleKey" TEXT,
    "idempotencyKey" TEXT,
    "output" JSONB,
    "error" JSONB,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobStep" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "hashedId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "JobStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobEvent_processedAt_receivedAt_idx" ON "JobEvent"("processedAt", "receivedAt");

-- CreateIndex
CREATE INDEX "JobEvent_name_receivedAt_idx" ON "JobEvent"("name", "receivedAt");

-- CreateIndex
CREATE INDEX "JobRun_status_nextAt_idx" ON "JobRun"("status", "nextAt");

-- CreateIndex
CREATE INDEX "JobRun_functionId_concurrencyKey_leaseUntil_idx" ON "JobRun"("functionId", "concurrencyKey", "leaseUntil");

-- CreateIndex
CREATE INDEX "JobRun_functionId_throttleKey_startedAt_idx" ON "JobRun"("functionId", "throttleKey", "startedAt");

-- CreateIndex
CREATE INDEX "JobRun_createdAt_idx" ON "JobRun"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_functionId_idempotencyKey_key" ON "JobRun"("functionId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "JobStep_runId_hashedId_key" ON "JobStep"("runId", "hashedId");

-- AddForeignKey
ALTER TABLE "JobStep" ADD CONSTRAINT "JobStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "JobRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
