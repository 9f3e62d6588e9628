-- The VoipNow server's public connection key for the API encrypted key (cryptedAuth) and Key integration (issue 11).
ALTER TABLE "settings" ADD COLUMN "voipnowPublicKey" TEXT;
