import { describe, expect, it } from 'vitest';
import type { TestVoipnowClient as VoipnowClient } from '../support/voipnow-client';
import { isSyncError } from '../../domain/errors';
import { connect, GOOD_PASSWORD, startTestSim } from './helpers';

/**
 * The create loop an activity runs: look the account up by its SOAP tag first (a create whose
 * answer was lost is adopted, not made twice), create when absent, retry what is retryable.
 */
async function createIdempotently(vn: VoipnowClient, n: number, counters: { retries: number }): Promise<number> {
  const serverID = `plesk1:client:${n}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await vn.findAccount('reseller', { serverID });
      if (existing) return existing.id;
      return (await vn.addReseller({ login: `customer-${n}`, password: GOOD_PASSWORD, name: `Customer ${n}`, serverID })).id;
    } catch (error) {
      if (!isSyncError(error) || !error.retryable || attempt >= 100) throw error;
      counters.retries++;
    }
  }
}

describe('idempotent creates through an unreliable VoipNow', () => {
  it('ends with exactly 500 accounts after 500 creates with 10% faults and 5% lost answers', async () => {
    const t = await startTestSim({ faultRate: 0.1, dropResponseRate: 0.05, seed: 2026 });
    const vn = await connect(t.sim);
    const counters = { retries: 0 };
    try {
      const numbers = Array.from({ length: 500 }, (_, i) => i + 1);
      const ids: number[] = [];
      // Ten workers, like a bounded fan-out of child workflows.
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let n = numbers.shift(); n !== undefined; n = numbers.shift()) ids.push(await createIdempotently(vn, n, counters));
        }),
      );
      const resellers = t.sim.state.accounts.filter((a) => a.kind === 'reseller');
      expect(resellers).toHaveLength(500);
      expect(new Set(resellers.map((a) => a.serverID)).size).toBe(500);
      expect(new Set(ids).size).toBe(500);
      expect(t.sim.stats.injected.faults).toBeGreaterThan(0);
      expect(t.sim.stats.injected.drops).toBeGreaterThan(0);
      expect(counters.retries).toBeGreaterThanOrEqual(t.sim.stats.injected.faults + t.sim.stats.injected.drops);
    } finally {
      vn.close();
      await t.stop();
    }
  });
});
