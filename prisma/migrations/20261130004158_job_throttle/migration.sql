-- DropIndex
DROP INDEX "JobRun_functionId_throttleKey_startedAt_idx";

-- CreateTable
CREATE TABLE "JobThrottle" (
    "functionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "tat" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "JobThrottle_pkey" PRIMARY KEY ("functionId","key")
);
