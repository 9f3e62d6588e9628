/**
 * Browser sessions of the web console, next to the bearer tokens of the CLI and automation
 * (docs/decisions/060-web-console.md). A session is a row of console_sessions named by a random
 * ID in an HTTP-only, SameSite=Lax cookie. The JSON API accepts it instead of a bearer token:
 * - the identity is checked again on every request, as a token's is (a revoked token, a changed
 *   ADMIN_TOKEN or a vanished Plesk account ends the session);
 * - every state-changing request must carry the session's CSRF token in `x-csrf-token`
 *   (synchronizer token: the page reads it from GET /api/v1/session; another site cannot);
 * - the one exception is the Temporal Web UI's call to /codec from its own origin, which cannot
 *   send the token and changes nothing (decision 009).
 * Also here: the security headers of every answer (@fastify/helmet) and the cookie parser.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { createSession, endSession, findSession, touchSession, type ConsoleSession, type NewSession } from '../db/console';
import { findPleskAccount } from '../db/scope';
import { isAccountKind, type AccountKey } from '../domain';
import type { Identity } from './auth';
import { ApiError } from './errors';

/** A session ends this long after sign-in, however busy. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** ... and after this long without a request. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session the request was authenticated with (absent for bearer tokens). */
    consoleSession?: ConsoleSession;
  }
}

export interface Sessions {
  cookieName: string;
  /** The identity of the request's session cookie; undefined without one. Throws 401 or 403. */
  identify(request: FastifyRequest): Promise<Identity | undefined>;
  start(reply: FastifyReply, request: FastifyRequest, input: Omit<NewSession, 'lifetimeMs'>): Promise<ConsoleSession>;
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function registerSessions(app: FastifyInstance, options: { config: Config; db: Db; adminToken: string }): Promise<Sessions> {
  const { config, db } = options;
  const secure = config.publicUrl.startsWith('https:');
  // __Host- binds the cookie to this exact host, over HTTPS only; plain HTTP (localhost) cannot use it.
  const cookieName = secure ? '__Host-pvsync-session' : 'pvsync-session';
  const uiOrigin = new URL(config.temporalUiUrl).origin;
  const adminHash = sha256(options.adminToken);

  await app.register(cookie);
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Only meaningful over HTTPS; a browser ignores it on http://localhost anyway.
    strictTransportSecurity: secure ? { maxAge: 31_536_000 } : false,
  });

  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: SESSION_LIFETIME_MS / 1000 };
  const ended = (message: string) => new ApiError(401, message, 'unauthorized');

  /** The identity a session stands for today, or why it no longer does. */
  async function identityOf(row: ConsoleSession): Promise<Identity> {
    if (row.via === 'admin-token') {
      if (!row.credentialHash || !sameSecret(row.credentialHash, adminHash)) throw ended('The admin token changed: sign in again');
      return { role: 'admin', name: row.name };
    }
    if (row.via === 'token') {
      const token = row.tokenId ? await db.apiToken.findUnique({ where: { id: row.tokenId } }) : null;
      if (!token || token.revokedAt) throw ended('The token of this session was revoked: sign in again');
    }
    if (row.role === 'admin') return { role: 'admin', name: row.name, ...(row.tokenId ? { tokenId: row.tokenId } : {}) };
    const kind = row.kind ?? '';
    if (!row.pleskServer || !row.pleskId || !isAccountKind(kind) || kind === 'domain' || kind !== row.role)
      throw ended('Your session has ended: sign in again');
    const account: AccountKey = { pleskServer: row.pleskServer, kind, pleskId: row.pleskId };
    const known = await findPleskAccount(db, account);
    if (!known || known.vanishedAt) throw ended('The Plesk account of this session no longer exists');
    return { role: kind, name: row.name, account, ...(row.tokenId ? { tokenId: row.tokenId } : {}) };
  }

  function checkCsrf(request: FastifyRequest, row: ConsoleSession): void {
    if (SAFE_METHODS.has(request.method)) return;
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/codec/') && request.headers.origin === uiOrigin) return;
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, row.csrfToken)) {
      throw new ApiError(403, "The request did not carry this session's CSRF token: reload the page", 'csrf');
    }
  }

  return {
    cookieName,
    async identify(request) {
      const id = request.cookies[cookieName];
      if (!id) return undefined;
      const now = new Date();
      const row = await findSession(db, id);
      if (!row || row.expiresAt < now || now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) {
        throw ended('Your session has ended: sign in again');
      }
      const identity = await identityOf(row);
      checkCsrf(request, row);
      if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        // Bookkeeping only: a failed write must not fail the request.
        void touchSession(db, row.idHash, now).catch(() => undefined);
      }
      request.consoleSession = row;
      return identity;
    },
    async start(reply, request, input) {
      // Signing in again replaces the browser's old session rather than leaving it behind.
      const old = request.cookies[cookieName];
      if (old) await endSession(db, old);
      const { id, row } = await createSession(db, {
        ...input,
        ...(input.via === 'admin-token' ? { credentialHash: adminHash } : {}),
        lifetimeMs: SESSION_LIFETIME_MS,
      });
      void reply.setCookie(cookieName, id, cookieOptions);
      return row;
    },
    async end(request, reply) {
      const id = request.cookies[cookieName];
      if (id) await endSession(db, id);
      void reply.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    },
  };
}

/**
 * The API documentation page (@fastify/swagger-ui): its bundled UI injects style elements and
 * attributes, so its pages allow inline styles (which run no code); scripts stay 'self' plus the
 * hashes it publishes. The console's own pages get no such allowance.
 */
export function docsCsp(header: string, hashes: { script: string[]; style: string[] }): string {
  return header
    .replace("script-src 'self'", ["script-src 'self'", ...hashes.script].join(' '))
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}
