-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "settings" (
    "pleskServer" TEXT NOT NULL,
    "pleskUrl" TEXT NOT NULL,
    "pleskAuthMethod" TEXT NOT NULL DEFAULT 'password',
    "pleskLogin" TEXT,
    "pleskSecretEnc" TEXT,
    "pleskTlsVerify" BOOLEAN NOT NULL DEFAULT false,
    "voipnowUrl" TEXT NOT NULL,
    "voipnowAuthMethod" TEXT NOT NULL DEFAULT 'password',
    "voipnowLogin" TEXT,
    "voipnowPasswordEnc" TEXT,
    "voipnowAppKey" TEXT,
    "voipnowAppSecretEnc" TEXT,
    "voipnowTlsVerify" BOOLEAN NOT NULL DEFAULT true,
    "integrationMethod" TEXT NOT NULL DEFAULT 'key',
    "allowWithoutSso" BOOLEAN NOT NULL DEFAULT true,
    "soapTag" TEXT NOT NULL,
    "soapTimeoutSeconds" INTEGER NOT NULL DEFAULT 30,
    "autoReplicateResellers" BOOLEAN NOT NULL DEFAULT true,
    "autoReplicateDomains" BOOLEAN NOT NULL DEFAULT true,
    "autoReplicateMailboxes" BOOLEAN NOT NULL DEFAULT true,
    "autoTemplateReseller" TEXT,
    "autoTemplateClient" TEXT,
    "autoTemplateExtension" TEXT,
    "manualTemplateReseller" TEXT,
    "manualTemplateClient" TEXT,
    "manualTemplateExtension" TEXT,
    "allowCustomerTemplates" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("pleskServer")
);

-- CreateTable
CREATE TABLE "template_preferences" (
    "pleskServer" TEXT NOT NULL,
    "accountKind" TEXT NOT NULL,
    "pleskId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "templateName" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "template_preferences_pkey" PRIMARY KEY ("pleskServer","accountKind","pleskId","level")
);

-- CreateTable
CREATE TABLE "plesk_accounts" (
    "pleskServer" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pleskId" TEXT NOT NULL,
    "ownerKind" TEXT,
    "ownerId" TEXT,
    "name" TEXT NOT NULL,
    "login" TEXT,
    "dataHash" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vanishedAt" TIMESTAMP(3),

    CONSTRAINT "plesk_accounts_pkey" PRIMARY KEY ("pleskServer","kind","pleskId")
);

-- CreateTable
CREATE TABLE "account_links" (
    "pleskServer" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pleskId" TEXT NOT NULL,
    "voipnowKind" TEXT NOT NULL,
    "voipnowId" INTEGER NOT NULL,
    "voipnowLogin" TEXT,
    "origin" TEXT NOT NULL,
    "parentKind" TEXT,
    "parentPleskId" TEXT,
    "voipnowParentId" INTEGER,
    "passwordEnc" TEXT,
    "templateName" TEXT,
    "workflowId" TEXT,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_links_pkey" PRIMARY KEY ("pleskServer","kind","pleskId")
);

-- CreateTable
CREATE TABLE "attempts" (
    "id" SERIAL NOT NULL,
    "pleskServer" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pleskId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "operation" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL,
    "reasonType" TEXT,
    "reasonText" TEXT,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "activityAttempt" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_entries" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "pleskServer" TEXT,
    "kind" TEXT,
    "pleskId" TEXT,
    "message" TEXT NOT NULL,
    "reasonType" TEXT,
    "workflowId" TEXT,
    "runId" TEXT,

    CONSTRAINT "log_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "pleskServer" TEXT,
    "pleskKind" TEXT,
    "pleskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plesk_accounts_pleskServer_ownerKind_ownerId_idx" ON "plesk_accounts"("pleskServer", "ownerKind", "ownerId");

-- CreateIndex
CREATE INDEX "plesk_accounts_pleskServer_kind_name_idx" ON "plesk_accounts"("pleskServer", "kind", "name");

-- CreateIndex
CREATE INDEX "account_links_pleskServer_parentKind_parentPleskId_idx" ON "account_links"("pleskServer", "parentKind", "parentPleskId");

-- CreateIndex
CREATE UNIQUE INDEX "account_links_pleskServer_voipnowKind_voipnowId_key" ON "account_links"("pleskServer", "voipnowKind", "voipnowId");

-- CreateIndex
CREATE INDEX "attempts_workflowId_idx" ON "attempts"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "attempts_pleskServer_kind_pleskId_number_key" ON "attempts"("pleskServer", "kind", "pleskId", "number");

-- CreateIndex
CREATE INDEX "log_entries_pleskServer_kind_pleskId_at_idx" ON "log_entries"("pleskServer", "kind", "pleskId", "at");

-- CreateIndex
CREATE INDEX "log_entries_at_idx" ON "log_entries"("at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

