-- Automatic replication starts switched off, per level (product.md 3, issue 11).
-- Each level remembers when it was last switched on: only accounts first seen after that are
-- replicated automatically (docs/decisions/081-newly-added-accounts.md).
ALTER TABLE "settings" ALTER COLUMN "autoReplicateResellers" SET DEFAULT false;
ALTER TABLE "settings" ALTER COLUMN "autoReplicateDomains" SET DEFAULT false;
ALTER TABLE "settings" ALTER COLUMN "autoReplicateMailboxes" SET DEFAULT false;
ALTER TABLE "settings" ADD COLUMN "autoResellersOnAt" TIMESTAMP(3), ADD COLUMN "autoDomainsOnAt" TIMESTAMP(3), ADD COLUMN "autoMailboxesOnAt" TIMESTAMP(3);
-- Switches already on keep counting from now: nothing that exists today is swept up.
UPDATE "settings" SET "autoResellersOnAt" = CURRENT_TIMESTAMP AT TIME ZONE 'UTC' WHERE "autoReplicateResellers";
UPDATE "settings" SET "autoDomainsOnAt" = CURRENT_TIMESTAMP AT TIME ZONE 'UTC' WHERE "autoReplicateDomains";
UPDATE "settings" SET "autoMailboxesOnAt" = CURRENT_TIMESTAMP AT TIME ZONE 'UTC' WHERE "autoReplicateMailboxes";
