/**
 * Bearer-token authentication and roles. Every route authenticates unless it declares
 * `config: { public: true }` (/health, the API documentation, the one-time switch page, whose
 * ticket is its credential, and the codec endpoint, which calls `app.authenticate` itself). A route names the roles it serves in `config.allow`; without it a
 * route is for admins only, so a route added without thought is closed rather than open.
 * What lies in whose subtree is checked in api/access.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { findPleskAccount } from '../db/scope';
import { findTokenByHash, hashToken, touchToken, type TokenRole } from '../db/tokens';
import { isAccountKind, type AccountKey } from '../domain';
import type { AuthThrottle } from './auth-throttle';
import { ApiError } from './errors';

export type Role = TokenRole;

export type Identity =
  { role: 'admin'; name: string; tokenId?: string } | { role: Exclude<Role, 'admin'>; name: string; tokenId?: string; account: AccountKey };

/** Who may call a route. */
export const ADMINS: readonly Role[] = ['admin'];
/** Admins, resellers and clients (a mailbox has no access to the module). */
export const CUSTOMERS: readonly Role[] = ['admin', 'reseller', 'client'];
export const EVERYONE: readonly Role[] = ['admin', 'reseller', 'client', 'mailbox'];

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
  interface FastifyInstance {
    /** Sets request.identity from the bearer token (or the console's session cookie), or throws 401. */
    authenticate(request: FastifyRequest): Promise<void>;
    /** The identity a bearer token stands for, or throws 401 (the console's sign-in with a token); 429 after too many failures. */
    identifyToken(token: string, request?: FastifyRequest): Promise<Identity>;
  }
  interface FastifyContextConfig {
    public?: boolean;
    allow?: readonly Role[];
    /** The URL carries a one-time credential: never log it (api/errors.ts logs the route pattern). */
    secretInUrl?: boolean;
  }
}

/** lastUsedAt is written at most this often per token: a write per request would be waste. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** The web console's cookie sessions (api/sessions.ts): used when a request has no bearer token. */
export interface SessionAuth {
  identify(request: FastifyRequest): Promise<Identity | undefined>;
}

export function registerAuth(app: FastifyInstance, adminToken: string, db: Db, sessions?: SessionAuth, throttle?: AuthThrottle): void {
  const adminHash = sha256(adminToken);
  const identify = async (token: string): Promise<Identity> =>
    timingSafeEqual(sha256(token), adminHash) ? { role: 'admin', name: 'admin' } : await identityOf(db, token);
  // With a request, wrong tokens are counted against its address (api/auth-throttle.ts).
  const identifyToken = async (token: string, request?: FastifyRequest): Promise<Identity> => {
    if (!request || !throttle) return identify(token);
    await throttle.check(request);
    try {
      return await identify(token);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 401) await throttle.failed(request);
      throw error;
    }
  };
  app.decorate('identifyToken', identifyToken);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header && sessions) {
      const identity = await sessions.identify(request);
      if (identity) {
        request.identity = identity;
        return;
      }
    }
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'Authentication required: send "Authorization: Bearer <token>"', 'unauthorized');
    request.identity = await identifyToken(match[1]!, request);
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const route = request.routeOptions;
    // @fastify/swagger-ui's routes cannot carry our config; the documentation is public.
    if (route.config?.public || route.url === '/docs' || route.url?.startsWith('/docs/')) return;
    await app.authenticate(request);
    // An unknown path answers 404 to anyone authenticated, not 403.
    if (route.url === undefined) return;
    const identity = request.identity!;
    const allowed = route.config?.allow ?? ADMINS;
    if (!allowed.includes(identity.role)) throw forbidden(identity.role, allowed);
  });
}

async function identityOf(db: Db, token: string): Promise<Identity> {
  const row = await findTokenByHash(db, hashToken(token));
  if (!row) throw new ApiError(401, 'The token is not valid', 'unauthorized');
  if (row.revokedAt) throw new ApiError(401, 'The token was revoked', 'unauthorized');
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    // Bookkeeping only: a failed write must not fail the request.
    void touchToken(db, row.id, now).catch(() => undefined);
  }
  if (row.role === 'admin') return { role: 'admin', name: row.name, tokenId: row.id };
  const kind = row.pleskKind ?? '';
  if (!row.pleskServer || !row.pleskId || !isAccountKind(kind) || kind === 'domain' || kind !== row.role) {
    throw new ApiError(401, 'The token is not valid', 'unauthorized');
  }
  const account: AccountKey = { pleskServer: row.pleskServer, kind, pleskId: row.pleskId };
  const known = await findPleskAccount(db, account);
  if (!known || known.vanishedAt) throw new ApiError(401, 'The Plesk account of this token no longer exists', 'unauthorized');
  return { role: kind, name: row.name, tokenId: row.id, account };
}

function forbidden(role: Role, allowed: readonly Role[]): ApiError {
  if (role === 'mailbox') return new ApiError(403, 'A mailbox can only switch to VoipNow', 'forbidden');
  if (allowed.length === 1 && allowed[0] === 'admin') return new ApiError(403, 'Only admins may do this', 'forbidden');
  return new ApiError(403, `A ${role} may not do this`, 'forbidden');
}
