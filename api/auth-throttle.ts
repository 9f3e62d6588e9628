/**
 * Failed-authentication rate limiting (issue 14 item 4, decision 043): a client (by IP address)
 * that presents more than `max` wrong bearer tokens or console sign-in tokens within the window is
 * answered 429 in the product's words, for any token, until the window has passed. Requests with
 * no credential at all are not counted (a console opened without a session is no attack).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

export interface ThrottleOptions {
  /** Wrong tokens tolerated per window (default 10). */
  max?: number;
  /** The window in milliseconds (default one minute). */
  windowMs?: number;
}

export interface AuthThrottle {
  /** Throws 429 when the client has failed too often. */
  check(request: FastifyRequest): Promise<void>;
  /** Counts a failure (the next request from that address finds out whether it was the last allowed). */
  failed(request: FastifyRequest): Promise<void>;
}

export const TOO_MANY_FAILURES = 'Too many failed sign-in attempts from this address; wait a minute, then check the token';

function tooMany(ttlSeconds: number): ApiError {
  return new ApiError(429, TOO_MANY_FAILURES, 'tooManyAttempts', { retryAfterSeconds: Math.max(1, ttlSeconds) });
}

/** The throttle, on @fastify/rate-limit's store (registered with `global: false`, so it limits nothing else). */
export function authThrottle(app: FastifyInstance, options: ThrottleOptions = {}): AuthThrottle {
  const limiter = app.createRateLimit({ max: options.max ?? 10, timeWindow: options.windowMs ?? 60_000 });
  return {
    async check(request) {
      // `max` failures used up: no more tries, right or wrong, until the window has passed.
      const state = await limiter(request, { increment: false });
      if (!state.isAllowed && state.remaining <= 0) throw tooMany(state.ttlInSeconds);
    },
    async failed(request) {
      await limiter(request);
    },
  };
}
