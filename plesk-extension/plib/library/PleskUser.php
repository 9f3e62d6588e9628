<?php
/**
 * Who the signed-in Plesk user is, in the console's terms: the admin, a reseller or a customer
 * (the console's "client") by Plesk client ID, or a mail user by e-mail address.
 *
 * Mail users sign in to Plesk with their e-mail address as login (a mail name with control panel
 * access). Plesk's extension SDK describes every panel user as a pm_Client; one that is neither
 * admin, reseller nor customer and whose login is an e-mail address is taken as a mail user. The
 * console then finds the mailbox by that address, and refuses it when discovery has not seen it.
 */
class Modules_VoipnowSync_PleskUser
{
    /** The user of the current Plesk session. */
    public static function fromSession()
    {
        return self::fromClient(pm_Session::getClient());
    }

    /**
     * @param object $client a pm_Client (or anything answering isAdmin, isReseller, isClient, getId, getLogin, getProperty)
     * @return array ['role' => ..., 'id' => ..., 'login' => ..., 'name' => ...]
     */
    public static function fromClient($client)
    {
        $login = (string) $client->getLogin();
        $name = trim((string) $client->getProperty('pname'));
        $user = ['login' => $login, 'name' => $name !== '' ? $name : $login];
        if ($client->isAdmin()) {
            return ['role' => 'admin'] + $user;
        }
        if ($client->isReseller()) {
            return ['role' => 'reseller', 'id' => (string) $client->getId()] + $user;
        }
        if ($client->isClient()) {
            return ['role' => 'client', 'id' => (string) $client->getId()] + $user;
        }
        if (filter_var($login, FILTER_VALIDATE_EMAIL) !== false) {
            return ['role' => 'mailbox', 'login' => strtolower($login), 'name' => $user['name']];
        }
        throw new RuntimeException('This Plesk user has no access to VoipNow sync');
    }
}
