/**
 * SIGTERM to a worker during a bulk run (issue 14 item 3), as `docker compose stop`, a rolling
 * deployment or systemd stop it: the worker stops taking work, lets the tries it has under way
 * finish within its grace time, and exits by itself. No try is left running for the next worker
 * to close as interrupted, none ends as cancelled, and a new worker finishes the run in the end
 * state of an undisturbed run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, startBulk, tally } from '../durability/support';
import { startWorkerProcess, workerEnv, type WorkerProcess } from '../durability/worker-process';

let stack: TestStack;
let worker: WorkerProcess | undefined;
beforeAll(async () => {
  // Slow VoipNow answers, so a SIGTERM lands while many calls are under way.
  stack = await startTestStack({ plesk: { estate: { size: 120, seed: 4242 } }, voipnow: { latencyMs: 300, jitterMs: 300 }, worker: false });
});
afterAll(async () => {
  await worker?.stop();
  await stack?.close();
});

const where = () => ({ pleskServer: stack.pleskServer });

it(
  'a worker stopped with SIGTERM in the middle of a bulk run finishes its tries, exits by itself, and abandons none',
  { timeout: 300_000 },
  async () => {
    const env = workerEnv(stack);
    worker = startWorkerProcess(env);
    const handle = await startBulk(stack);

    // Wait until several replications are under way (each holds a VoipNow call of 0.3 to 0.6 s).
    await waitFor(
      async () => (await stack.db.attempt.count({ where: { ...where(), outcome: 'running' } })) >= 4,
      90_000,
      'replications under way on the first worker',
    );
    const inFlight = await stack.db.attempt.count({ where: { ...where(), outcome: 'running' } });
    const stopped = await worker.terminate(60_000);
    worker = undefined;
    expect(stopped, `the worker exits by itself after SIGTERM (it had ${inFlight} tries under way)`).toMatchObject({
      exitedItself: true,
      code: 0,
    });
    // Nothing of the stopped worker's is left running: every try it started has its outcome.
    expect(await stack.db.attempt.count({ where: { ...where(), outcome: 'running' } }), 'tries left running by the stopped worker').toBe(0);
    const triesBefore = await stack.db.attempt.count({ where: where() });
    expect(triesBefore).toBeGreaterThanOrEqual(inFlight);

    await sleep(500); // a moment with no worker at all, as between two deployments
    worker = startWorkerProcess(env);
    const result = await handle.result();
    const run = await readRunState(stack);
    console.info(`SIGTERM after ${triesBefore} tries (${inFlight} under way), exit in ${stopped.ms} ms`, tally(run));

    expect(result.phase).toBe('done');
    expectDurableState(stack, run);
    expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);
    const cut = [...run.attempts].flatMap(([id, list]) =>
      list
        .filter((a) => a.outcome === 'interrupted' || a.reasonType === 'cancelled')
        .map((a) => `${id} #${a.number} ${a.outcome} ${a.reasonType ?? ''}`),
    );
    expect(cut, 'tries cut short by the graceful stop').toEqual([]);
  },
);
