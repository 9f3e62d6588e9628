-- Closed sets become enums (docs/decisions/071-closed-sets-as-enums.md).
-- Authored with `prisma migrate diff` (scripts/new-migration.sh), then edited by hand: the diff
-- drops and re-adds every changed column, which would lose every row, where ALTER COLUMN with
-- TYPE and USING keeps them (PostgreSQL rebuilds the indexes on the columns itself).
-- No semicolons in comments: prisma migrate deploy splits the script at every one.

-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('client', 'domain', 'mailbox', 'reseller');

-- CreateEnum
CREATE TYPE "VoipnowKind" AS ENUM ('client', 'extension', 'reseller');

-- CreateEnum
CREATE TYPE "LinkOrigin" AS ENUM ('linked', 'replicated');

-- CreateEnum
CREATE TYPE "AttemptOperation" AS ENUM ('link', 'move', 'replicate', 'unlink');

-- CreateEnum
CREATE TYPE "AttemptOutcome" AS ENUM ('failed', 'interrupted', 'retrying', 'running', 'succeeded');

-- CreateEnum
CREATE TYPE "LogLevel" AS ENUM ('error', 'info', 'warning');

-- CreateEnum
CREATE TYPE "LogEvent" AS ENUM ('discovery', 'link', 'move', 'replicate', 'settings', 'unlink', 'vanish');

-- CreateEnum
CREATE TYPE "TokenRole" AS ENUM ('admin', 'client', 'mailbox', 'reseller');

-- An account owned by the Plesk admin had ownerKind 'admin', now it has none (like a link's parentKind).
UPDATE "plesk_accounts" SET "ownerKind" = NULL, "ownerId" = NULL WHERE "ownerKind" = 'admin';

-- AlterTable
ALTER TABLE "template_preferences"
  ALTER COLUMN "accountKind" TYPE "AccountKind" USING "accountKind"::"AccountKind",
  ALTER COLUMN "level" TYPE "VoipnowKind" USING "level"::"VoipnowKind";

-- AlterTable
ALTER TABLE "plesk_accounts"
  ALTER COLUMN "kind" TYPE "AccountKind" USING "kind"::"AccountKind",
  ALTER COLUMN "ownerKind" TYPE "AccountKind" USING "ownerKind"::"AccountKind";

-- AlterTable
ALTER TABLE "account_links"
  ALTER COLUMN "kind" TYPE "AccountKind" USING "kind"::"AccountKind",
  ALTER COLUMN "voipnowKind" TYPE "VoipnowKind" USING "voipnowKind"::"VoipnowKind",
  ALTER COLUMN "origin" TYPE "LinkOrigin" USING "origin"::"LinkOrigin",
  ALTER COLUMN "parentKind" TYPE "AccountKind" USING "parentKind"::"AccountKind";

-- AlterTable
ALTER TABLE "attempts"
  ALTER COLUMN "kind" TYPE "AccountKind" USING "kind"::"AccountKind",
  ALTER COLUMN "operation" TYPE "AttemptOperation" USING "operation"::"AttemptOperation",
  ALTER COLUMN "outcome" TYPE "AttemptOutcome" USING "outcome"::"AttemptOutcome";

-- AlterTable
ALTER TABLE "log_entries"
  ALTER COLUMN "level" TYPE "LogLevel" USING "level"::"LogLevel",
  ALTER COLUMN "event" TYPE "LogEvent" USING "event"::"LogEvent",
  ALTER COLUMN "kind" TYPE "AccountKind" USING "kind"::"AccountKind";

-- AlterTable
ALTER TABLE "api_tokens"
  ALTER COLUMN "role" TYPE "TokenRole" USING "role"::"TokenRole",
  ALTER COLUMN "pleskKind" TYPE "AccountKind" USING "pleskKind"::"AccountKind";

-- AlterTable
ALTER TABLE "switch_tickets"
  ALTER COLUMN "kind" TYPE "AccountKind" USING "kind"::"AccountKind";
