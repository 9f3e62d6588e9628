<?php
/**
 * "VoipNow sync" in Plesk's navigation for the admin, resellers, and customers and their mail
 * users (the customer panel's navigation). It opens the console in a new tab, signed in.
 */
class Modules_VoipnowSync_CustomButtons extends pm_Hook_CustomButtons
{
    public function getButtons()
    {
        $button = [
            'title' => pm_Locale::lmsg('buttonTitle'),
            'description' => pm_Locale::lmsg('buttonDescription'),
            'icon' => pm_Context::getBaseUrl() . 'images/icon.svg',
            'link' => pm_Context::getActionUrl('index', 'open'),
            'newWindow' => true,
            // Until an admin has entered the console's address and secret, only the admin sees it (to set it up).
            'visibility' => function () {
                return Modules_VoipnowSync_Settings::isComplete() || pm_Session::getClient()->isAdmin();
            },
        ];
        return [
            ['place' => self::PLACE_ADMIN_NAVIGATION] + $button,
            ['place' => self::PLACE_RESELLER_NAVIGATION] + $button,
            ['place' => self::PLACE_HOSTING_PANEL_NAVIGATION] + $button,
        ];
    }
}
