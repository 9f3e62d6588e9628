/**
 * Issue 11 rule 10: every failure reason is shown with what the admin should do about it, in the
 * API's action answer, attempt view, listing and log (the console shows the same fields).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';

const AUTH_ADVICE = 'Check username, password or key, and the server URL in the settings.';

describe('failure reasons come with what the admin should do', () => {
  let stack: ApiStack;
  const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    stack.app.inject({ method, url, headers: stack.headers('admin'), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    stack = await startApiStack();
  }, 120_000);
  afterAll(async () => stack?.closeAll());

  it('a replication refused by VoipNow says the reason and the advice, in the answer, the attempts, the listing and the log', async () => {
    const wrong = await admin('PATCH', `/api/v1/settings/${stack.pleskServer}`, { voipnow: { password: 'Not-The-Password-1' } });
    expect(wrong.statusCode, wrong.body).toBe(200);
    const key = stack.accounts.otherClient;
    const answer = await admin('POST', `/api/v1/accounts/${keyToString(key)}/replicate?wait=30`, {});
    expect(answer.statusCode, answer.body).toBe(422);
    expect(answer.json()).toMatchObject({
      error: 'authFailed',
      message: expect.stringMatching(/^Failed to authenticate to VoipNow server/),
      advice: AUTH_ADVICE,
    });

    const view = (await admin('GET', `/api/v1/accounts/${keyToString(key)}`)).json();
    expect(view.attempts.at(-1)).toMatchObject({ outcome: 'failed', reasonType: 'authFailed', advice: AUTH_ADVICE });

    const log = (await admin('GET', `/api/v1/log?account=${encodeURIComponent(keyToString(key))}`)).json();
    const entries: { reasonType: string | null; advice: string | null }[] = log.items ?? log.entries ?? log;
    expect(entries.find((e) => e.reasonType === 'authFailed')).toMatchObject({ advice: AUTH_ADVICE });

    const listing = (await admin('GET', `/api/v1/accounts/${stack.pleskServer}?limit=500`)).json();
    const row = listing.items.find((r: { account: string }) => r.account === keyToString(key));
    expect(row?.lastAttempt).toMatchObject({ reasonType: 'authFailed', advice: AUTH_ADVICE });
  }, 120_000);
});
