import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, startBulk, tally } from './support';

// 2,070 generated accounts, of which 2,004 are replicable (forwarding-only mail names are not mailboxes).
const ESTATE = { size: 2070, seed: 4242 };

describe('bulk replication of a generated estate of 2,000 accounts through the real worker, Temporal, PostgreSQL and both simulators', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: ESTATE }, voipnow: { latencyMs: 0 } });
  });
  afterAll(async () => stack?.close());

  it(
    'links every valid account exactly once and fails every invalid one with the spec reason its data earns',
    { timeout: 480_000 },
    async () => {
      const started = Date.now();
      const cpu = process.cpuUsage();
      const handle = await startBulk(stack);
      const result = await handle.result();
      const seconds = (Date.now() - started) / 1000;
      const { user, system } = process.cpuUsage(cpu);

      const run = await readRunState(stack);
      const counts = tally(run);
      // The test process holds the worker and both simulators: its CPU time is most of the run's cost.
      console.info(
        `bulk: ${run.outcomes.size} accounts in ${seconds.toFixed(1)} s, ${((user + system) / 1e6).toFixed(1)} s CPU in the test process`,
        counts,
      );
      expectDurableState(stack, run);
      expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);

      expect(run.outcomes.size).toBeGreaterThanOrEqual(2000);
      expect(result.phase).toBe('done');
      expect(result.done + result.failed + result.skipped).toBe(run.outcomes.size);
      expect(result.remaining).toBe(0);
      // The estate really holds each kind of defect the spec names.
      expect(counts['failed:invalidLanguage']).toBeGreaterThan(0);
      expect(counts['failed:weakPassword']).toBeGreaterThan(0);
      expect(counts['failed:invalidEmail']).toBeGreaterThan(0);
      expect(counts.skipped).toBeGreaterThan(0);
      expect(counts.linked).toBeGreaterThan(run.outcomes.size / 2);
    },
  );
});
