/**
 * "Switch to VoipNow" (product spec section 7): a replicated user reaches VoipNow without typing
 * credentials.
 *   - SSO (settings.integrationMethod sso): we ask VoipNow, with the global (admin) account, for a
 *     one-time login URL for the user.
 *   - Without SSO, or when SSO is unavailable and allowed to be: the password stored at
 *     replication is checked against VoipNow, then the browser gets a one-time URL of ours whose
 *     page posts the login form to VoipNow. The password is never in a URL, a JSON answer or a log.
 *   - When that password no longer works, or the account was linked (no stored password): the
 *     VoipNow login page.
 * See docs/decisions/033-switching-panels.md.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { findLink, type AccountLink } from '../db/links';
import { getServerSettings, type ServerSettings } from '../db/settings';
import { TICKET_TTL_MS, issueTicket, useTicket } from '../db/switch-tickets';
import { isSyncError, keyToString, reasonText, type AccountKey, type VoipnowKind } from '../domain';
import { ApiError } from './errors';
import { withVoipnow } from './voipnow';

export type SwitchMethod = 'sso' | 'password' | 'login-page';

export interface SwitchAnswer {
  url: string;
  method: SwitchMethod;
  /** Why the user lands on the login page. */
  reason?: string;
  /** Seconds the URL stays valid (single use). */
  expiresIn?: number;
}

export const SWITCH_REASONS = {
  linked: 'The account was linked to an existing VoipNow account, so there is no stored password: log in with your VoipNow credentials.',
  passwordChanged: 'The password stored at replication no longer works: log in with your VoipNow credentials.',
  ssoOnly: 'SSO is not available on the VoipNow server and switching without SSO is not allowed: log in with your VoipNow credentials.',
} as const;

/**
 * After a stored password was refused, it is not tried again for this long: each try counts as a
 * failed login in VoipNow and would lock the user out of typing the right one.
 */
const REFUSED_FOR_MS = 15 * 60_000;

export class PanelSwitch {
  private readonly refused = new Map<string, number>();

  constructor(private readonly deps: { db: Db; box: SecretBox; publicUrl: string }) {}

  async switchTo(key: AccountKey): Promise<SwitchAnswer> {
    const { db, box } = this.deps;
    const link = await findLink(db, key);
    if (!link) throw new ApiError(409, reasonText('notLinked'), 'notLinked');
    const settings = await getServerSettings(db, box, key.pleskServer);
    const loginPage = (reason: string): SwitchAnswer => ({ url: `${baseOf(settings)}/login.php`, method: 'login-page', reason });
    const login = await loginOf(settings, link);

    if (settings.integrationMethod === 'sso') {
      const sso = await requestSsoToken(settings, login);
      if (sso) return { url: sso.url, method: 'sso', expiresIn: sso.expiresIn };
      if (!settings.allowWithoutSso) return loginPage(SWITCH_REASONS.ssoOnly);
    }
    if (link.origin !== 'replicated' || !link.passwordEnc) return loginPage(SWITCH_REASONS.linked);
    const memo = `${keyToString(key)}|${link.passwordEnc}`;
    if ((this.refused.get(memo) ?? 0) > Date.now()) return loginPage(SWITCH_REASONS.passwordChanged);
    try {
      await withVoipnow(settings, (client) => client.ping(), { method: 'password', username: login, password: box.open(link.passwordEnc) });
    } catch (error) {
      if (isSyncError(error) && (error.reason === 'authFailed' || error.reason === 'tooManyLogins')) {
        this.refused.set(memo, Date.now() + REFUSED_FOR_MS);
        return loginPage(SWITCH_REASONS.passwordChanged);
      }
      throw error;
    }
    const ticket = await issueTicket(db, key);
    return { url: `${this.deps.publicUrl}/api/v1/switch/${ticket}`, method: 'password', expiresIn: TICKET_TTL_MS / 1000 };
  }

  /** The page of a one-time ticket: it posts VoipNow's login form at once. Null when the ticket is used, unknown or expired. */
  async handOff(ticket: string): Promise<{ html: string; csp: string } | null> {
    const { db, box } = this.deps;
    const key = await useTicket(db, ticket);
    const link = key && (await findLink(db, key));
    if (!key || !link?.passwordEnc) return null;
    const settings = await getServerSettings(db, box, key.pleskServer);
    const base = baseOf(settings);
    const nonce = randomBytes(16).toString('base64');
    const html =
      '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Switching to VoipNow</title></head><body>' +
      `<form id="switch" method="post" action="${escape(`${base}/login.php`)}">` +
      `<input type="hidden" name="username" value="${escape(await loginOf(settings, link))}">` +
      `<input type="hidden" name="password" value="${escape(box.open(link.passwordEnc))}">` +
      '<p>Switching to VoipNow…</p><noscript><button type="submit">Continue to VoipNow</button></noscript></form>' +
      `<script nonce="${nonce}">document.getElementById('switch').submit();</script></body></html>`;
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(base).origin}; base-uri 'none'; frame-ancestors 'none'`;
    return { html, csp };
  }
}

function baseOf(settings: ServerSettings): string {
  return settings.voipnow.url.replace(/\/+$/, '');
}

/** The VoipNow login of the linked account: recorded on the link, else asked of VoipNow. */
async function loginOf(settings: ServerSettings, link: AccountLink): Promise<string> {
  if (link.voipnowLogin) return link.voipnowLogin;
  const details = await withVoipnow(settings, (client) => client.getAccountDetails(link.voipnowKind as VoipnowKind, link.voipnowId));
  if (!details) throw new ApiError(409, `${reasonText('linkTargetInvalid')} (VoipNow ${link.voipnowKind} #${link.voipnowId})`, 'linkTargetInvalid');
  return details.login;
}

/**
 * Asks VoipNow's SSO endpoint, as the global account, for a one-time login URL. Undefined when SSO
 * is not installed or refuses (the caller then falls back); a network failure is "unavailable".
 */
async function requestSsoToken(settings: ServerSettings, login: string): Promise<{ url: string; expiresIn: number } | undefined> {
  const auth = settings.voipnow.auth;
  const [user, secret] = auth.method === 'password' ? [auth.username, auth.password] : [auth.appKey, auth.appSecret];
  const answer = await postJson(`${baseOf(settings)}/__sso/token`, { login }, {
    authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`,
    tlsVerify: settings.voipnow.tlsVerify,
    timeoutMs: settings.voipnow.timeoutMs,
  }).catch(() => undefined);
  if (answer?.status !== 200) return undefined;
  const body = answer.body as { url?: unknown; expiresIn?: unknown };
  if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) return undefined;
  return { url: body.url, expiresIn: typeof body.expiresIn === 'number' ? body.expiresIn : 60 };
}

function postJson(url: string, body: unknown, options: { authorization: string; tlsVerify: boolean; timeoutMs: number }): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: options.authorization },
        timeout: options.timeoutMs,
        ...(target.protocol === 'https:' ? { rejectUnauthorized: options.tlsVerify } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = null;
          }
          resolve({ status: response.statusCode ?? 0, body: parsed ?? {} });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(payload);
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
