-- The console's sessions use the closed sets of decision 071 like every other table (they were
-- added as text on a branch written beside the enums). ALTER COLUMN with USING keeps the rows.
-- No semicolons in comments: prisma migrate deploy splits the script at every one.

-- AlterTable
ALTER TABLE "console_sessions"
  ALTER COLUMN "role" TYPE "TokenRole" USING "role"::"TokenRole",
  ALTER COLUMN "kind" TYPE "AccountKind" USING "kind"::"AccountKind";
