-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "testEvent" JSONB;
