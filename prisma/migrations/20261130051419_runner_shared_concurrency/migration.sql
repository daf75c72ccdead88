-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "sharedKey" TEXT;
