import { afterAll, describe, expect, it } from 'vitest';
import { clientFor, startSim, stopAll } from './helpers';

/**
 * Reading a 100,000-account estate through the connector. Slow (about ten seconds), so it runs
 * only with PLESK_BIG_READ=1; simulators/plesk/measure-read.ts measures the same with the
 * simulator in its own process and reports peak memory.
 */

afterAll(stopAll);

describe.runIf(process.env['PLESK_BIG_READ'] === '1')('reading a large estate', () => {
  it('reads all 100,000 accounts of a generated estate', { timeout: 300_000 }, async () => {
    const sim = await startSim({ estate: { size: 100_000, seed: 1 } });
    const started = performance.now();
    const estate = await clientFor(sim).readEstate();
    const seconds = (performance.now() - started) / 1000;
    expect(estate.resellers.length + estate.customers.length + estate.domains.length + estate.mailboxes.length).toBe(100_000);
    console.info(
      `read 100,000 accounts in ${seconds.toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (simulator in the same process)`,
    );
  });
});
