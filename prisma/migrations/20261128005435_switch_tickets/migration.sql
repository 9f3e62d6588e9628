-- CreateTable
CREATE TABLE "switch_tickets" (
    "ticketHash" TEXT NOT NULL,
    "pleskServer" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pleskId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "switch_tickets_pkey" PRIMARY KEY ("ticketHash")
);

-- CreateIndex
CREATE INDEX "switch_tickets_expiresAt_idx" ON "switch_tickets"("expiresAt");

