import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, type DevServer } from '../../scripts/temporal-dev';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';
import { startTestStack, type TestStack } from '../support/stack';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, startBulk, tally } from './support';

const ESTATE = { size: 80, seed: 31 };

describe('restarting the Temporal dev server during a bulk replication', () => {
  let dir: string;
  let server: DevServer | undefined;
  let options: { port: number; uiPort: number; dbFile: string };
  let stack: TestStack;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-temporal-restart-'));
    // Its own dev server, persisting to a file, so the test may stop and start it.
    options = { port: await freePort(), uiPort: await freePort(), dbFile: path.join(dir, 'temporal.db') };
    server = await startTemporalDevServer(options);
    stack = await startTestStack({
      plesk: { estate: ESTATE },
      voipnow: { latencyMs: 40, jitterMs: 80 },
      env: { TEMPORAL_ADDRESS: server.address },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'completes with every account linked once or failed with its reason: the worker and the client reconnect by themselves',
    { timeout: 240_000 },
    async () => {
      const startedAt = Date.now();
      const handle = await startBulk(stack);
      const total = expectedAccounts(stack.plesk.snapshot()).size;
      const linked = () => stack.db.accountLink.count({ where: { pleskServer: stack.pleskServer } });
      await waitFor(async () => (await linked()) >= total / 5, 120_000, 'a fifth of the accounts linked');

      const before = await linked();
      const downAt = Date.now();
      await server!.stop();
      const stoppedIn = (Date.now() - downAt) / 1000;
      // Longer than the 10 s heartbeat timeout: tries whose answers could not reach Temporal time out.
      await sleep(15_000);
      server = await startTemporalDevServer(options);
      const downSeconds = (Date.now() - downAt) / 1000;

      const upAt = Date.now();
      const result = await handle.result();
      const timing = `run ${((downAt - startedAt) / 1000).toFixed(1)} s before, stop took ${stoppedIn.toFixed(1)} s, ${((Date.now() - upAt) / 1000).toFixed(1)} s after`;
      const run = await readRunState(stack);
      console.info(`Temporal down for ${downSeconds.toFixed(1)} s with ${before} of ${total} accounts linked; ${timing}`, tally(run));
      expect(result.phase).toBe('done');
      expectDurableState(stack, run);
      expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);
    },
  );
});
