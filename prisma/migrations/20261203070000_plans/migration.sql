-- Plans (dry runs) of bulk replications and moves, issue 11 rule 3.
CREATE TYPE "PlanAction" AS ENUM ('adopt', 'create', 'fail', 'move', 'skipLinked', 'skipUnlinked');
CREATE TYPE "PlanState" AS ENUM ('computing', 'failed', 'ready');

CREATE TABLE "plans" (
    "id" TEXT NOT NULL,
    "pleskServer" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "state" "PlanState" NOT NULL DEFAULT 'computing',
    "totals" JSONB,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "ownerScope" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "plans_pleskServer_createdAt_idx" ON "plans"("pleskServer", "createdAt");

CREATE TABLE "plan_items" (
    "planId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "pleskId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "action" "PlanAction" NOT NULL,
    "reasonType" TEXT,
    "reasonText" TEXT,
    "template" TEXT,
    "contactSource" TEXT,
    "dataHash" TEXT,
    "detail" TEXT,
    CONSTRAINT "plan_items_pkey" PRIMARY KEY ("planId", "seq")
);
CREATE INDEX "plan_items_planId_kind_pleskId_idx" ON "plan_items"("planId", "kind", "pleskId");
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;
