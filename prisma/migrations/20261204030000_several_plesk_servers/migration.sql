-- Several Plesk servers into one VoipNow (issue 15): a tag belongs to one server, a server may
-- qualify its VoipNow logins, and a removed server keeps its links and history until purged.
ALTER TABLE "settings" ADD COLUMN "voipnowLoginSuffix" TEXT;
ALTER TABLE "settings" ADD COLUMN "removedAt" TIMESTAMP(3);
CREATE UNIQUE INDEX "settings_soapTag_key" ON "settings"("soapTag");
-- Registering and removing a server is logged.
ALTER TYPE "LogEvent" ADD VALUE 'server';
