-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "role" "TenantRole" NOT NULL DEFAULT 'owner';
