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
import type { VoipnowClient } from '../connectors/voipnow';
import type { SecretBox } from '../crypto/secrets';
import type { Db } from '../db/client';
import { findLink, type AccountLink } from '../db/links';
import { getServerSettings } from '../db/settings';
import { TICKET_TTL_MS, issueTicket, useTicket } from '../db/switch-tickets';
import { keyToString, reasonText, type AccountKey } from '../domain';
import type { ConnectorCache } from '../runtime/connectors';
import { ApiError } from './errors';

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

  constructor(private readonly deps: { db: Db; box: SecretBox; publicUrl: string; connectors: ConnectorCache }) {}

  async switchTo(key: AccountKey): Promise<SwitchAnswer> {
    const { db, box } = this.deps;
    const link = await findLink(db, key);
    if (!link) throw new ApiError(409, reasonText('notLinked'), 'notLinked');
    const settings = await getServerSettings(db, box, key.pleskServer);
    const { voipnow } = await this.deps.connectors.forSettings(settings);
    const loginPage = (reason: string): SwitchAnswer => ({ url: voipnow.loginPageUrl(), method: 'login-page', reason });
    const login = await loginOf(voipnow, link);

    if (settings.integrationMethod === 'sso') {
      const sso = await voipnow.ssoLogin(login);
      if (sso) return { url: sso.url, method: 'sso', expiresIn: sso.expiresIn };
      if (!settings.allowWithoutSso) return loginPage(SWITCH_REASONS.ssoOnly);
    }
    if (link.origin !== 'replicated' || !link.passwordEnc) return loginPage(SWITCH_REASONS.linked);
    const memo = `${keyToString(key)}|${link.passwordEnc}`;
    if ((this.refused.get(memo) ?? 0) > Date.now()) return loginPage(SWITCH_REASONS.passwordChanged);
    if (!(await voipnow.acceptsLogin(login, box.open(link.passwordEnc)))) {
      this.refused.set(memo, Date.now() + REFUSED_FOR_MS);
      return loginPage(SWITCH_REASONS.passwordChanged);
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
    const { voipnow } = await this.deps.connectors.forSettings(await getServerSettings(db, box, key.pleskServer));
    const loginPage = voipnow.loginPageUrl();
    const nonce = randomBytes(16).toString('base64');
    const html =
      '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Switching to VoipNow</title></head><body>' +
      `<form id="switch" method="post" action="${escape(loginPage)}">` +
      `<input type="hidden" name="username" value="${escape(await loginOf(voipnow, link))}">` +
      `<input type="hidden" name="password" value="${escape(box.open(link.passwordEnc))}">` +
      '<p>Switching to VoipNow…</p><noscript><button type="submit">Continue to VoipNow</button></noscript></form>' +
      `<script nonce="${nonce}">document.getElementById('switch').submit();</script></body></html>`;
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(loginPage).origin}; base-uri 'none'; frame-ancestors 'none'`;
    return { html, csp };
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
