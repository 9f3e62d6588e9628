-- AlterTable
ALTER TABLE "plesk_accounts" DROP COLUMN "lastSeenAt",
ADD COLUMN     "blockedHash" TEXT,
ADD COLUMN     "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "email" TEXT;

