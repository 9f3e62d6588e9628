import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttempts } from '../../db/attempts';
import { listLog } from '../../db/log';
import { replicationWorkflowId, type AccountKey } from '../../domain';
import { replicateAccount } from '../../workflows';
import { startTestStack, type TestStack } from '../support/stack';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, startBulk, tally } from './support';
import { startWorkerProcess, workerEnv, type WorkerProcess } from './worker-process';

const ESTATE = { size: 200, seed: 977 };
const KILLS = 4;

/**
 * "The same result as an undisturbed run" is checked against the end state an undisturbed run
 * has, pinned account by account from the estate (support.ts, expectOutcomesMatch: the reason of
 * each failure, the login and VoipNow parent of each linked account), which the 2,000-account
 * bulk test shows an undisturbed run reaches exactly (docs/decisions/040-durability-tests.md).
 */
describe('SIGKILL of the worker process during a bulk replication', () => {
  let stack: TestStack;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    // Latency so every kill lands while VoipNow calls are under way.
    stack = await startTestStack({ plesk: { estate: ESTATE }, voipnow: { latencyMs: 80, jitterMs: 120 }, worker: false });
  });
  afterAll(async () => {
    await worker?.stop();
    await stack?.close();
  });

  /** Tries in flight that the current worker process started (a killed one's stay "running" until retried). */
  const runningTries = (since: Date) =>
    stack.db.attempt.count({ where: { pleskServer: stack.pleskServer, outcome: 'running', startedAt: { gt: since } } });

  it(
    'ends, after kills at random moments and restarts, in the end state of an undisturbed run: nothing lost, nothing created twice',
    { timeout: 300_000 },
    async () => {
      const env = workerEnv(stack);
      let startedAt = new Date();
      worker = startWorkerProcess(env);
      const handle = await startBulk(stack);
      const done = handle.result();
      let finished = false;
      void done.finally(() => (finished = true)).catch(() => undefined);

      const began = Date.now();
      const kills: { atS: number; busyAfterS: number; afterMs: number; running: number }[] = [];
      for (let k = 0; k < KILLS && !finished; k++) {
        // Wait until the (restarted) worker is busy with replications, a random moment more, and
        // (should that moment fall between two tries) until a try is under way again.
        const busy = async () => {
          while (!finished && (await runningTries(startedAt)) === 0) {
            if (Date.now() - startedAt.getTime() > 90_000) throw new Error(`The worker did not pick up work again:\n${worker!.stderr()}`);
            await sleep(50);
          }
        };
        await busy();
        const busyAfterS = (Date.now() - startedAt.getTime()) / 1000;
        const afterMs = Math.floor(Math.random() * 1500);
        await sleep(afterMs);
        await busy();
        if (finished) break;
        const running = await runningTries(startedAt);
        await worker.kill();
        kills.push({ atS: (Date.now() - began) / 1000, busyAfterS, afterMs, running });
        await sleep(Math.floor(Math.random() * 1000));
        startedAt = new Date();
        worker = startWorkerProcess(env);
      }
      const result = await done;
      const seconds = (Date.now() - began) / 1000;
      const run = await readRunState(stack);
      console.info(`${run.outcomes.size} accounts in ${seconds.toFixed(1)} s; worker kills: ${JSON.stringify(kills)}`, tally(run));

      expect(kills.length, 'kills that landed before the run ended').toBeGreaterThanOrEqual(3);
      expect(kills.filter((k) => k.running > 0).length, 'kills while replications were in flight').toBeGreaterThanOrEqual(3);
      expect(result.phase).toBe('done');
      expectDurableState(stack, run);
      expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);
      // One workflow per account: a killed worker's slice, taken up again, follows the workflows
      // it had started instead of starting them again (activities/fan-out.ts).
      const runs = new Map<string, number>();
      for await (const execution of stack.temporal.workflow.list({
        query: `WorkflowType = 'replicateAccount' AND TaskQueue = '${stack.taskQueue}'`,
      }))
        runs.set(execution.workflowId, (runs.get(execution.workflowId) ?? 0) + 1);
      expect(runs.size, 'accounts with a workflow').toBeGreaterThan(0);
      expect(
        [...runs].filter(([, n]) => n > 1),
        'accounts started twice',
      ).toEqual([]);
      expect(result.done + result.failed, 'accounts counted by the run').toBe(runs.size);
      // Tries cut short by a kill are on record as interrupted, each followed by another try.
      const interrupted = [...run.attempts].filter(([, list]) => list.some((a) => a.outcome === 'interrupted'));
      expect(interrupted.length).toBeGreaterThan(0);
      for (const [id, list] of interrupted) {
        const last = list.findLastIndex((a) => a.outcome === 'interrupted');
        expect(list.length, `a try after the interrupted one of ${id}`).toBeGreaterThan(last + 1);
      }
    },
  );

  it('closes as succeeded a try that wrote the link but was killed before it recorded its end', async () => {
    // The state a SIGKILL right after the link was written leaves: the link, the try still
    // "running", no log line. The workflow's next try finds the link and must settle the row.
    worker ??= startWorkerProcess(workerEnv(stack)); // when run on its own
    const valid = [...expectedAccounts(stack.plesk.snapshot()).values()].find((a) => a.kind === 'client' && a.defects.length === 0)!;
    const key: AccountKey = { pleskServer: stack.pleskServer, kind: 'client', pleskId: valid.pleskId };
    const replicate = () =>
      stack.temporal.workflow.execute(replicateAccount, {
        taskQueue: stack.taskQueue,
        workflowId: replicationWorkflowId(key),
        args: [{ key, mode: 'bulk' }],
      });
    await replicate(); // linked by now, by the bulk run or by this
    const link = await stack.db.accountLink.findFirstOrThrow({
      where: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId },
    });
    const before = await listAttempts(stack.db, key);
    const made = before.at(-1)!; // the try that linked it (earlier ones may have been killed)
    expect(made.outcome).toBe('succeeded');
    await stack.db.attempt.update({ where: { id: made.id }, data: { outcome: 'running', finishedAt: null } });
    await stack.db.logEntry.deleteMany({ where: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId } });

    const result = await replicate();
    expect(result).toMatchObject({ outcome: 'alreadyLinked', voipnowId: link.voipnowId });
    const after = await listAttempts(stack.db, key);
    expect(after.map((a) => [a.number, a.outcome])).toEqual(before.map((a) => [a.number, a.outcome]));
    const [line] = await listLog(stack.db, { key });
    expect(line?.message).toContain(`linked to VoipNow reseller #${link.voipnowId}`);
  });
});
