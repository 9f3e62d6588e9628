<?php
/**
 * The sign-in hand-off to the sync console: a short-lived, single-use, signed statement of who the
 * Plesk user is. The console (api/handoff.ts) checks the signature with the same shared secret,
 * refuses it after its expiry, and refuses a nonce it has seen before.
 *
 *   <payload>.<signature>, both base64url without padding
 *   payload   = JSON {v: 1, server, role, id?, login, name?, iat, exp, nonce}
 *   signature = HMAC-SHA256(secret, "pvsync-handoff.v1." . <payload as sent>)
 *
 * Plain PHP with no Plesk classes, so it can be tested outside Plesk (test/plesk-extension/).
 */
class Modules_VoipnowSync_HandOff
{
    const CONTEXT = 'pvsync-handoff.v1.';
    /** Seconds a hand-off stays valid: long enough for a redirect, too short to be reused later. */
    const LIFETIME = 60;

    /**
     * @param array $user ['role' => admin|reseller|client|mailbox, 'id' => Plesk client ID (resellers, clients),
     *                    'login' => Plesk login (a mailbox: its e-mail address), 'name' => display name]
     * @param string $server the sync engine's name of this Plesk server (its PLESK_SERVER, e.g. plesk1)
     * @param string $secret the shared secret from the console's settings
     * @param int|null $now Unix time (tests pass one; otherwise now)
     * @param string|null $nonce a random nonce (tests pass one; otherwise 24 random bytes)
     */
    public static function create(array $user, $server, $secret, $now = null, $nonce = null)
    {
        if (!in_array($user['role'] ?? '', ['admin', 'reseller', 'client', 'mailbox'], true)) {
            throw new InvalidArgumentException('Unknown Plesk user role');
        }
        if ((string) $secret === '') {
            throw new InvalidArgumentException('The shared secret is not set');
        }
        $now = $now === null ? time() : (int) $now;
        $claims = [
            'v' => 1,
            'server' => (string) $server,
            'role' => $user['role'],
        ];
        if (isset($user['id']) && $user['id'] !== '') {
            $claims['id'] = (string) $user['id'];
        }
        $claims['login'] = (string) $user['login'];
        if (isset($user['name']) && $user['name'] !== '') {
            $claims['name'] = (string) $user['name'];
        }
        $claims['iat'] = $now;
        $claims['exp'] = $now + self::LIFETIME;
        $claims['nonce'] = $nonce === null ? self::base64url(random_bytes(24)) : (string) $nonce;

        $payload = self::base64url(json_encode($claims, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR));
        $signature = self::base64url(hash_hmac('sha256', self::CONTEXT . $payload, (string) $secret, true));
        return $payload . '.' . $signature;
    }

    /** The console URL that signs the browser in with this hand-off. */
    public static function url($handoffUrl, $handoff)
    {
        $separator = strpos($handoffUrl, '?') === false ? '?' : '&';
        return $handoffUrl . $separator . 'handoff=' . rawurlencode($handoff);
    }

    public static function base64url($bytes)
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }
}
