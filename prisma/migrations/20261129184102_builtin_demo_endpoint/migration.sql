-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "builtIn" BOOLEAN NOT NULL DEFAULT false;
