/**
 * Bearer-token authentication. Every route authenticates unless it declares
 * `config: { public: true }` (only /health, the API documentation and the codec endpoint, which
 * checks for itself, do). `app.authenticate(request)` sets `request.identity` or throws 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

export interface Identity {
  role: 'admin';
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export function registerAuth(app: FastifyInstance, adminToken: string): void {
  const adminHash = sha256(adminToken);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'Authentication required: send "Authorization: Bearer <token>"', 'unauthorized');
    if (!timingSafeEqual(sha256(match[1]!), adminHash)) throw new ApiError(401, 'The token is not valid', 'unauthorized');
    request.identity = { role: 'admin', name: 'admin' };
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config?.public) return;
    await app.authenticate(request);
  });
}
