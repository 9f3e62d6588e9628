/**
 * A worker makes at most VOIPNOW_MAX_CONCURRENCY VoipNow calls at once, whatever number of tries
 * run (worker/worker.ts runs twice as many): the connectors share one limiter (limitCalls). A call
 * waiting for its turn has not started, so its time limit does not run yet.
 */
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, startTestSim, type TestSim } from './helpers';

describe('the limit on VoipNow calls at once', () => {
  let t: TestSim;

  beforeAll(async () => {
    t = await startTestSim({ latencyMs: 150 });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('holds over two clients sharing it, and a waiting call does not time out while it waits', async () => {
    const limitCalls = pLimit(2);
    // 400 ms per call: the eight calls take 600 ms or more at two at a time, far past that limit.
    const one = await connect(t.sim, { limitCalls, timeoutMs: 400 });
    const two = await connect(t.sim, { limitCalls, timeoutMs: 400 });
    t.sim.stats.peakActive = 0;
    try {
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).ping()));
      expect(answers).toHaveLength(8);
      expect(t.sim.stats.peakActive, 'calls the simulator served at once').toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 150 - 20);
    } finally {
      one.close();
      two.close();
    }
  });
});
