-- The environment values last applied to a server's settings, encrypted (issue 11 rule 4, decision 090).
ALTER TABLE "settings" ADD COLUMN "envAppliedEnc" TEXT;
