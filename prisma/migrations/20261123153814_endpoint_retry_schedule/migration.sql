-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "retrySchedule" TEXT;
