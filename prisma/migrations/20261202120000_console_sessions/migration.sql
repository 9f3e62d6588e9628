-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "pleskExtensionSecretEnc" TEXT;

-- CreateTable
CREATE TABLE "console_sessions" (
    "idHash" TEXT NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "tokenId" TEXT,
    "credentialHash" TEXT,
    "pleskServer" TEXT,
    "kind" TEXT,
    "pleskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("idHash")
);

-- CreateTable
CREATE TABLE "handoff_nonces" (
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "handoff_nonces_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "console_sessions_expiresAt_idx" ON "console_sessions"("expiresAt");

-- CreateIndex
CREATE INDEX "handoff_nonces_expiresAt_idx" ON "handoff_nonces"("expiresAt");

