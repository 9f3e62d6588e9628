<?php
// Runs the extension's own code outside Plesk: maps a Plesk user (a stand-in for pm_Client) to
// the console's terms and signs a hand-off for it. Input: one JSON argument; output: the URL.
//   {"client": {admin, reseller, client, id, login, pname}, "server", "secret", "handoffUrl", "now"?, "nonce"?}
require __DIR__ . '/../../plesk-extension/plib/library/HandOff.php';
require __DIR__ . '/../../plesk-extension/plib/library/PleskUser.php';

final class FakePleskClient
{
    private $data;

    public function __construct(array $data)
    {
        $this->data = $data;
    }

    public function isAdmin() { return !empty($this->data['admin']); }
    public function isReseller() { return !empty($this->data['reseller']); }
    public function isClient() { return !empty($this->data['client']); }
    public function getId() { return $this->data['id'] ?? 0; }
    public function getLogin() { return $this->data['login']; }
    public function getProperty($name) { return $this->data[$name] ?? ''; }
}

$input = json_decode($argv[1], true, 16, JSON_THROW_ON_ERROR);
$user = Modules_VoipnowSync_PleskUser::fromClient(new FakePleskClient($input['client']));
$handoff = Modules_VoipnowSync_HandOff::create($user, $input['server'], $input['secret'], $input['now'] ?? null, $input['nonce'] ?? null);
echo json_encode(['user' => $user, 'url' => Modules_VoipnowSync_HandOff::url($input['handoffUrl'], $handoff)]), "\n";
