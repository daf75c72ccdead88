-- CreateEnum
CREATE TYPE "SubjectUpdater" AS ENUM ('webhook', 'poll');

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "ignored" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "subjectStatus" TEXT;

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "tracking" JSONB;

-- AlterTable
ALTER TABLE "Subject" DROP COLUMN "state",
ADD COLUMN     "error" JSONB,
ADD COLUMN     "fields" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "lastPollError" TEXT,
ADD COLUMN     "lastPolledAt" TIMESTAMPTZ(3),
ADD COLUMN     "nextPollAt" TIMESTAMPTZ(3),
ADD COLUMN     "pollFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "progress" DOUBLE PRECISION,
ADD COLUMN     "result" JSONB,
ADD COLUMN     "terminal" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "terminalAt" TIMESTAMPTZ(3),
ADD COLUMN     "updatedBy" "SubjectUpdater";

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "completionEventId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("groupId","subjectId")
);

-- CreateIndex
CREATE INDEX "Group_tenantId_key_idx" ON "Group"("tenantId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Group_sourceId_key_key" ON "Group"("sourceId", "key");

-- CreateIndex
CREATE INDEX "GroupMember_subjectId_idx" ON "GroupMember"("subjectId");

-- CreateIndex
CREATE INDEX "Subject_sourceId_lastEventAt_id_idx" ON "Subject"("sourceId", "lastEventAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Subject_nextPollAt_idx" ON "Subject"("nextPollAt");

-- CreateIndex
CREATE INDEX "Subject_fields_idx" ON "Subject" USING GIN ("fields" jsonb_path_ops);

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;
