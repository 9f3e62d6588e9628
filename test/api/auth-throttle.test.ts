/**
 * Issue 14 item 4: failed authentications are rate-limited per address (api/auth-throttle.ts), for
 * bearer tokens and the console's sign-in, answered 429 in the product's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOO_MANY_FAILURES } from '../../api/auth-throttle';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';

describe('failed-authentication rate limiting', () => {
  let stack: ApiStack;
  beforeAll(async () => {
    stack = await startApiStack({ authThrottle: { max: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  const as = (ip: string, token: string) =>
    stack.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip, headers: { authorization: `Bearer ${token}` } });
  const signIn = (ip: string, token: string) =>
    stack.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: ip, payload: { token } });

  it('answers 429 in the product words after too many wrong bearer tokens, even for the right one, from that address only', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 3; i++) expect((await as(ip, `pvs_wrong-${i}`)).statusCode).toBe(401);
    const blocked = await as(ip, 'pvs_wrong-again');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: 'tooManyAttempts', message: TOO_MANY_FAILURES });
    expect(blocked.body).not.toMatch(/\n\s+at |Error:/);
    expect((await as(ip, ADMIN_TOKEN)).statusCode).toBe(429); // no guessing while blocked
    expect((await as('203.0.113.8', ADMIN_TOKEN)).statusCode).toBe(200); // another address is not affected
  });

  it('counts wrong tokens at the console sign-in alike, and not requests without any credential', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 5; i++)
      expect((await stack.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip })).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) expect((await signIn(ip, `pvs_wrong-${i}`)).statusCode).toBe(401);
    const blocked = await signIn(ip, ADMIN_TOKEN);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: 'tooManyAttempts', message: TOO_MANY_FAILURES });
  });
});
