-- An unlink that sticks, and the baseline of the first scan (product.md section 3, issue 11).
ALTER TABLE "plesk_accounts" ADD COLUMN "unlinkedAt" TIMESTAMP(3), ADD COLUMN "unlinkedBy" TEXT;
ALTER TABLE "settings" ADD COLUMN "baselineAt" TIMESTAMP(3);
