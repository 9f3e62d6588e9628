<?php
// Entry point of the extension's pages (Plesk routes /modules/voipnow-sync/ here).
$application = new pm_Application();
$application->run();
