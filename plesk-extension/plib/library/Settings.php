<?php
/**
 * The extension's settings, kept in Plesk's own module settings: where the sync console's sign-in
 * hand-off lives, this Plesk server's name there, and the shared secret (from the console's
 * settings, "Signing in from Plesk"). Only the admin sees or changes them.
 */
class Modules_VoipnowSync_Settings
{
    const HANDOFF_URL = 'handoffUrl';
    const SERVER = 'pleskServer';
    const SECRET = 'sharedSecret';

    public static function handoffUrl()
    {
        return (string) pm_Settings::get(self::HANDOFF_URL, '');
    }

    public static function server()
    {
        return (string) pm_Settings::get(self::SERVER, 'plesk1');
    }

    public static function secret()
    {
        return (string) pm_Settings::get(self::SECRET, '');
    }

    public static function isComplete()
    {
        return self::handoffUrl() !== '' && self::server() !== '' && self::secret() !== '';
    }

    public static function save($handoffUrl, $server, $secret)
    {
        pm_Settings::set(self::HANDOFF_URL, rtrim(trim($handoffUrl)));
        pm_Settings::set(self::SERVER, trim($server));
        // Write-only: an empty field keeps the secret already stored.
        if ((string) $secret !== '') {
            pm_Settings::set(self::SECRET, (string) $secret);
        }
    }
}
