/**
 * Issue 14 item 2 against the real engine: a link whose retries run out ends failed (not
 * "retrying" for ever), with VoipNow's reason; an admin is answered within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonText } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';

describe('failure model: every attempt ends in a final state', () => {
  let stack: ApiStack;
  beforeAll(async () => {
    stack = await startApiStack({ templates: false });
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('closes a link attempt as failed, with "VoipNow server is unavailable", once its retries run out', async () => {
    const server = stack.pleskServer;
    stack.voipnow.configure({ dropResponseRate: 1 });
    try {
      const started = Date.now();
      const reply = await stack.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${server}/reseller/2/link?wait=30`,
        headers: stack.headers('admin'),
        payload: { voipnowId: 1 },
      });
      expect(reply.json(), reply.body).toMatchObject({ error: 'voipnowUnavailable', message: reasonText('voipnowUnavailable') });
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      stack.voipnow.configure({ dropResponseRate: 0 });
    }
    const view = (
      await stack.app.inject({ method: 'GET', url: `/api/v1/accounts/${server}/reseller/2`, headers: stack.headers('admin') })
    ).json();
    const links = (view.attempts as { operation: string; outcome: string; reasonType?: string }[]).filter((a) => a.operation === 'link');
    expect(links.length).toBeGreaterThan(1); // it was retried
    expect(links.slice(0, -1).every((a) => a.outcome === 'retrying')).toBe(true);
    expect(links.at(-1)).toMatchObject({ outcome: 'failed' });
    expect(links.every((a) => a.outcome !== 'running')).toBe(true);
  });
});
