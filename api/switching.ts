/**
 * "Switch to VoipNow" (product spec section 7): a replicated user reaches VoipNow without typing
 * credentials.
 *   - SSO (settings.integrationMethod sso): we ask VoipNow, with the global (admin) account, for a
 *     one-time login URL for the user.
 *   - Without SSO, or when SSO is unavailable and allowed to be: the password stored at
 *     replication is checked against VoipNow, then the browser gets a one-time URL of ours whose
 *     page posts the login form to VoipNow. The password is never in a URL, a JSON answer or a log.
 *   - Key integration (settings.integrationMethod key, with the server's public connection key): the
 *     user is proven to VoipNow through the SOAP API with the encrypted key, and our one-time page
 *     posts the encrypted login to VoipNow's login form; no password is stored or sent.
 *   - When that password no longer works, or the account was linked (no stored password): the
 *     VoipNow login page. Every answer carries the "Switch to Plesk" way back.
 * See docs/decisions/033-switching-panels.md.
 */
import { randomBytes } from 'node:crypto';
import { cryptedAuth, type VoipnowClient } from '../connectors/voipnow';
import type { SecretBox } from '../crypto/secrets';
import type { Db } from '../db/client';
import { findLink, type AccountLink } from '../db/links';
import { getServerSettings } from '../db/settings';
import { TICKET_TTL_MS, issueTicket, ticketMethod, useTicket, type TicketMethod } from '../db/switch-tickets';
import { keyToString, reasonText, type AccountKey } from '../domain';
import type { ConnectorCache } from '../runtime/connectors';
import { ApiError } from './errors';

export type SwitchMethod = 'sso' | 'key' | 'password' | 'login-page';

export interface SwitchAnswer {
  url: string;
  method: SwitchMethod;
  /** Why the user lands on the login page. */
  reason?: string;
  /** Seconds the URL stays valid (single use). */
  expiresIn?: number;
  /** "Switch to Plesk": the way back, the Plesk control panel of the account's server. */
  backToPlesk: { label: typeof SWITCH_TO_PLESK; url: string };
}

export const SWITCH_REASONS = {
  linked: 'The account was linked to an existing VoipNow account, so there is no stored password: log in with your VoipNow credentials.',
  passwordChanged: 'The password stored at replication no longer works: log in with your VoipNow credentials.',
  ssoOnly: 'SSO is not available on the VoipNow server and switching without SSO is not allowed: log in with your VoipNow credentials.',
} as const;

export const SWITCH_TO_PLESK = 'Switch to Plesk' as const;

/**
 * After a stored password was refused, it is not tried again for this long: each try counts as a
 * failed login in VoipNow and would lock the user out of typing the right one.
 */
const REFUSED_FOR_MS = 15 * 60_000;

export class PanelSwitch {
  private readonly refused = new Map<string, number>();

  constructor(private readonly deps: { db: Db; box: SecretBox; publicUrl: string; connectors: ConnectorCache }) {}

  /**
   * Product spec section 7, in this order: a linked account (not replicated by us) always gets the
   * login page; SSO integration asks VoipNow's SSO with the global account; Key integration proves
   * the user to VoipNow through the SOAP API with the encrypted key (no password); when neither is
   * there or works (and that is allowed), the password effective at replication; when that no
   * longer works, the login page.
   */
  async switchTo(key: AccountKey): Promise<SwitchAnswer> {
    const { db, box } = this.deps;
    const link = await findLink(db, key);
    if (!link) throw new ApiError(409, reasonText('notLinked'), 'notLinked');
    const settings = await getServerSettings(db, box, key.pleskServer);
    const { voipnow } = await this.deps.connectors.forSettings(settings);
    const backToPlesk = { label: SWITCH_TO_PLESK, url: pleskPanelUrl(settings.plesk.url) };
    const loginPage = (reason: string): SwitchAnswer => ({ url: voipnow.loginPageUrl(), method: 'login-page', reason, backToPlesk });
    // Linked to an account someone else made: we hold no credentials of it, and vouching for it
    // with the global account would open a VoipNow account to whoever a link names.
    if (link.origin !== 'replicated') return loginPage(SWITCH_REASONS.linked);
    const login = await loginOf(voipnow, link);
    const ticketOf = async (method: TicketMethod): Promise<SwitchAnswer> => {
      const ticket = await issueTicket(db, key, new Date(), method);
      return { url: `${this.deps.publicUrl}/api/v1/switch/${ticket}`, method, expiresIn: TICKET_TTL_MS / 1000, backToPlesk };
    };

    if (settings.integrationMethod === 'sso') {
      const sso = await voipnow.ssoLogin(login);
      if (sso) return { url: sso.url, method: 'sso', expiresIn: sso.expiresIn, backToPlesk };
      if (!settings.allowWithoutSso) return loginPage(SWITCH_REASONS.ssoOnly);
    } else if (await voipnow.keyLogin(login)) {
      return ticketOf('key');
    }
    if (!link.passwordEnc) return loginPage(SWITCH_REASONS.passwordChanged);
    const memo = `${keyToString(key)}|${link.passwordEnc}`;
    if ((this.refused.get(memo) ?? 0) > Date.now()) return loginPage(SWITCH_REASONS.passwordChanged);
    if (!(await voipnow.acceptsLogin(login, box.open(link.passwordEnc)))) {
      this.refused.set(memo, Date.now() + REFUSED_FOR_MS);
      return loginPage(SWITCH_REASONS.passwordChanged);
    }
    return ticketOf('password');
  }

  /** The page of a one-time ticket: it posts VoipNow's login form at once. Null when the ticket is used, unknown or expired. */
  async handOff(ticket: string): Promise<{ html: string; csp: string } | null> {
    const { db, box } = this.deps;
    const key = await useTicket(db, ticket);
    const link = key && (await findLink(db, key));
    if (!key || !link) return null;
    const settings = await getServerSettings(db, box, key.pleskServer);
    const { voipnow } = await this.deps.connectors.forSettings(settings);
    const login = await loginOf(voipnow, link);
    let fields: Record<string, string>;
    if (ticketMethod(ticket) === 'key') {
      const publicKey =
        settings.voipnow.publicKey ?? (settings.voipnow.auth.method === 'encryptedKey' ? settings.voipnow.auth.publicKey : '');
      if (!publicKey) return null;
      fields = { cryptedAuth: cryptedAuth(publicKey, login) };
    } else {
      if (!link.passwordEnc) return null;
      fields = { username: login, password: box.open(link.passwordEnc) };
    }
    const loginPage = voipnow.loginPageUrl();
    const nonce = randomBytes(16).toString('base64');
    const html =
      '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Switching to VoipNow</title></head><body>' +
      `<form id="switch" method="post" action="${escape(loginPage)}">` +
      Object.entries(fields)
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
        .join('') +
      '<p>Switching to VoipNow…</p><noscript><button type="submit">Continue to VoipNow</button></noscript></form>' +
      `<script nonce="${nonce}">document.getElementById('switch').submit();</script></body></html>`;
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(loginPage).origin}; base-uri 'none'; frame-ancestors 'none'`;
    return { html, csp };
  }
}

/** The Plesk control panel of a server: the origin of its API URL (https://host:8443/). */
export function pleskPanelUrl(apiUrl: string): string {
  try {
    return `${new URL(apiUrl).origin}/`;
  } catch {
    return apiUrl;
  }
}

/** The VoipNow login of the linked account: recorded on the link, else asked of VoipNow. */
async function loginOf(voipnow: VoipnowClient, link: AccountLink): Promise<string> {
  if (link.voipnowLogin) return link.voipnowLogin;
  const account = await voipnow.get(link.voipnowKind, link.voipnowId);
  if (!account)
    throw new ApiError(409, `${reasonText('linkTargetInvalid')} (VoipNow ${link.voipnowKind} #${link.voipnowId})`, 'linkTargetInvalid');
  return account.login;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
