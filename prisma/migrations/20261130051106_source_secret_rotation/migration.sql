-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "previousSecretCiphertext" TEXT,
ADD COLUMN     "previousSecretExpiresAt" TIMESTAMPTZ(3);
