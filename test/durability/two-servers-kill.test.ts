/**
 * Issue 15's crash test: two Plesk servers whose estates are the same (logins, names, Plesk IDs)
 * replicate into one VoipNow at the same time through one worker process, which is SIGKILLed and
 * restarted in the middle of both bulk runs. Each server ends in the end state of an undisturbed
 * run of its own estate (support.ts), its objects carrying its own tag: nothing lost, nothing
 * created twice, nothing of one server adopted by the other.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkWorkflowId } from '../../domain/workflow-ids';
import { DEMO_TEMPLATES } from '../../scripts/stack';
import { startPleskSimulator, type PleskSimulator } from '../../simulators/plesk';
import { replicateTree } from '../../workflows';
import { startApiStack, type ApiStack } from '../support/api';
import { waitFor } from '../support/wait';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, tally, type ServerOf } from './support';
import { startWorkerProcess, workerEnv, type WorkerProcess } from './worker-process';

const ESTATE = { size: 150, seed: 977 };
const KILLS = 3;
const SUFFIX = '-two';

describe('SIGKILL of the worker during the bulk runs of two Plesk servers into one VoipNow', () => {
  let stack: ApiStack;
  let pleskB: PleskSimulator;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    // Latency so every kill lands while VoipNow calls are under way.
    stack = await startApiStack({ plesk: { estate: ESTATE }, voipnow: { latencyMs: 80, jitterMs: 120 }, worker: false });
    pleskB = await startPleskSimulator({ login: 'admin', password: 'Plesk-B-2026', estate: ESTATE });
  });
  afterAll(async () => {
    await worker?.stop();
    await stack?.closeAll();
    await pleskB?.close();
  });

  it('ends with each server in the end state of an undisturbed run of its own estate', { timeout: 420_000 }, async () => {
    const a: ServerOf = stack;
    const bName = `${stack.pleskServer}-two`;
    const b: ServerOf = { pleskServer: bName, config: { soapTag: bName } };
    const env = workerEnv(stack);
    let startedAt = new Date();
    worker = startWorkerProcess(env);

    const registered = await stack.app.inject({
      method: 'POST',
      url: '/api/v1/servers',
      headers: stack.headers('admin'),
      payload: {
        pleskServer: bName,
        plesk: { url: pleskB.url, login: 'admin', secret: 'Plesk-B-2026' },
        // This stack's VoipNow (the first server in the shared test database may be another file's).
        voipnow: {
          url: stack.voipnow.url,
          login: stack.config.VOIPNOW_LOGIN,
          password: stack.config.VOIPNOW_PASSWORD,
          loginSuffix: SUFFIX,
        },
        automaticReplication: { templates: DEMO_TEMPLATES },
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    await waitFor(
      async () => (await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: bName } })).baselineAt !== null,
      90_000,
      `the first discovery of ${bName}`,
    );

    const runs = await Promise.all(
      [a, b].map((server) =>
        stack.temporal.workflow.start(replicateTree, {
          taskQueue: stack.taskQueue,
          workflowId: bulkWorkflowId(server.pleskServer),
          args: [{ pleskServer: server.pleskServer, scope: { kind: 'all' }, mode: 'bulk' }],
        }),
      ),
    );
    const done = Promise.all(runs.map((run) => run.result()));
    let finished = false;
    void done.finally(() => (finished = true)).catch(() => undefined);

    /** Tries of both servers under way that the current worker process started. */
    const runningTries = () =>
      stack.db.attempt.count({ where: { pleskServer: { in: [a.pleskServer, bName] }, outcome: 'running', startedAt: { gt: startedAt } } });
    const busy = async () => {
      while (!finished && (await runningTries()) === 0) {
        if (Date.now() - startedAt.getTime() > 90_000) throw new Error(`The worker did not pick up work again:\n${worker!.stderr()}`);
        await sleep(50);
      }
    };
    const kills: { running: number; servers: string[] }[] = [];
    for (let k = 0; k < KILLS && !finished; k++) {
      await busy();
      await sleep(Math.floor(Math.random() * 1500));
      await busy();
      if (finished) break;
      const under = await stack.db.attempt.findMany({
        where: { pleskServer: { in: [a.pleskServer, bName] }, outcome: 'running', startedAt: { gt: startedAt } },
        select: { pleskServer: true },
      });
      await worker.kill();
      kills.push({ running: under.length, servers: [...new Set(under.map((u) => u.pleskServer))] });
      await sleep(Math.floor(Math.random() * 1000));
      startedAt = new Date();
      worker = startWorkerProcess(env);
    }
    const results = await done;
    console.info(`worker kills: ${JSON.stringify(kills)}`);

    expect(kills.filter((k) => k.running > 0).length, 'kills while replications were in flight').toBeGreaterThanOrEqual(2);
    for (const result of results) expect(result).toMatchObject({ phase: 'done', remaining: 0 });
    const runA = await readRunState(stack, a);
    const runB = await readRunState(stack, b);
    console.info('A', tally(runA), 'B', tally(runB));
    expectDurableState(a, runA);
    expectDurableState(b, runB);
    expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), runA);
    expectOutcomesMatch(expectedAccounts(pleskB.snapshot(), SUFFIX), runB);
    // Both runs really replicated the same estate side by side.
    expect(runA.links.length).toBeGreaterThan(50);
    expect(runB.outcomes.size).toBe(runA.outcomes.size);
  });
});
