import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth';
import { hasBasicAuth, readBody, sendJson } from './http-util';
import { escapeText } from './schema';
import type { SimStore } from './state';
import { SimFault } from './rules';
import type { Switches } from './switches';

/**
 * The receiving side of "switch to VoipNow": the control panel's login page, the page a logged-in
 * user lands on, and our single sign-on stand-in (2.5.1 has no SSO operation):
 *   POST /__sso/token  (admin basic auth, app key:secret, or "CryptedAuth <admin login encrypted>")  {"login"} → {"token","url"}
 *   POST /login.php with `cryptedAuth` (the login encrypted with the public connection key) instead of
 *   username and password: Key integration's way in (ASSUMED, docs/decisions/096-key-integration.md)
 *   GET  /__sso/login?token=…  logs that user in once; the token expires after 60 s.
 */

const SESSION_COOKIE = 'VNSESSID';
const TOKEN_TTL_MS = 60_000;

export interface PanelDeps {
  store: SimStore;
  auth: Authenticator;
  switches: Switches;
  adminLogin: string;
  adminPassword: string;
  appKey: string | undefined;
  appSecret: string | undefined;
  baseUrl: () => string;
}

interface Session {
  login: string;
  level: string;
}

export class Panel {
  private readonly sessions = new Map<string, Session>();
  private readonly tokens = new Map<string, { login: string; expires: number }>();

  constructor(private readonly deps: PanelDeps) {}

  forget(): void {
    this.sessions.clear();
    this.tokens.clear();
  }

  /** Handles the request when it is one of the panel's paths; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /login.php':
        this.loginPage(res, url.searchParams.has('error') ? 'Please log in.' : undefined);
        return true;
      case 'POST /login.php': {
        const form = new URLSearchParams(await readBody(req));
        try {
          // Key integration: the form may carry the login encrypted with the public connection key instead.
          const crypted = form.get('cryptedAuth');
          const caller = crypted
            ? this.deps.auth.authenticate({ cryptedAuth: crypted })
            : this.deps.auth.checkPassword(form.get('username') ?? '', form.get('password') ?? '');
          this.startSession(res, caller.login, caller.level);
        } catch (error) {
          if (!(error instanceof SimFault)) throw error;
          this.loginPage(res, error.undocumented === 'lockout' ? error.message : 'Invalid username or password.');
        }
        return true;
      }
      case 'GET /index.php': {
        const session = this.sessionOf(req);
        if (!session) redirect(res, '/login.php');
        else
          html(
            res,
            200,
            `<h1>VoipNow</h1><p id="who">Logged in as ${escapeText(session.login)} (${session.level})</p><p><a href="/logout.php">Log out</a></p>`,
          );
        return true;
      }
      case 'GET /logout.php':
        this.sessions.delete(cookieOf(req) ?? '');
        redirect(res, '/login.php');
        return true;
      case 'POST /__sso/token':
        await this.issueToken(req, res);
        return true;
      case 'GET /__sso/login':
        this.useToken(res, url.searchParams.get('token') ?? '');
        return true;
      default:
        return false;
    }
  }

  private loginPage(res: ServerResponse, error: string | undefined): void {
    html(
      res,
      200,
      `<h1>VoipNow login</h1>${error ? `<p class="error">${escapeText(error)}</p>` : ''}` +
        '<form method="post" action="/login.php"><label>Username <input name="username"></label>' +
        '<label>Password <input type="password" name="password"></label><button type="submit">Log in</button></form>',
    );
  }

  private startSession(res: ServerResponse, login: string, level: string): void {
    const id = randomBytes(16).toString('hex');
    this.sessions.set(id, { login, level });
    res.setHeader('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
    redirect(res, '/index.php');
  }

  private sessionOf(req: IncomingMessage): Session | undefined {
    return this.sessions.get(cookieOf(req) ?? '');
  }

  private async issueToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.deps.switches.sso) return sendJson(res, 404, { error: 'SSO is not installed on this server' });
    const { adminLogin, adminPassword, appKey, appSecret } = this.deps;
    const byKey = appKey !== undefined && appSecret !== undefined && hasBasicAuth(req, appKey, appSecret);
    if (!byKey && !hasBasicAuth(req, adminLogin, adminPassword) && !this.adminByCryptedAuth(req)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="VoipNow SSO"' }).end();
      return;
    }
    let login: unknown;
    try {
      login = (JSON.parse((await readBody(req)) || '{}') as { login?: unknown }).login;
    } catch {
      return sendJson(res, 400, { error: 'expected JSON {"login": "..."}' });
    }
    if (typeof login !== 'string' || (login !== adminLogin && !this.deps.store.accountByLogin(login))) {
      return sendJson(res, 404, { error: `no account with login ${String(login)}` });
    }
    const token = randomBytes(24).toString('hex');
    this.tokens.set(token, { login, expires: Date.now() + TOKEN_TTL_MS });
    sendJson(res, 200, { token, url: `${this.deps.baseUrl()}/__sso/login?token=${token}`, expiresIn: TOKEN_TTL_MS / 1000 });
  }

  /** `Authorization: CryptedAuth <base64>`: the global account proven with the API encrypted key. */
  private adminByCryptedAuth(req: IncomingMessage): boolean {
    const match = /^CryptedAuth\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return false;
    try {
      return this.deps.auth.authenticate({ cryptedAuth: match[1] }).level === 'admin';
    } catch (error) {
      if (error instanceof SimFault) return false;
      throw error;
    }
  }

  private useToken(res: ServerResponse, token: string): void {
    const entry = this.tokens.get(token);
    this.tokens.delete(token); // single use, even when expired
    const account = entry && this.deps.store.accountByLogin(entry.login);
    const isAdminLogin = entry?.login === this.deps.adminLogin;
    if (!entry || entry.expires < Date.now() || (!account && !isAdminLogin) || (account && !account.status)) {
      redirect(res, '/login.php?error=sso');
      return;
    }
    this.startSession(res, entry.login, account ? account.kind : 'admin');
  }
}

function cookieOf(req: IncomingMessage): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
  return match?.[1];
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location }).end();
}

function html(res: ServerResponse, status: number, body: string): void {
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>VoipNow</title></head><body>${body}</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(page);
}
