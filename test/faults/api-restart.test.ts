/**
 * The API restarted while a client follows a bulk run (issue 14 item 3). The handle the API gave
 * (the workflow ID and its progress URL) belongs to Temporal, not to the API process: after the
 * API process is killed and started again, the same URL answers with the run's progress, which
 * never goes back, until the run is complete; starting the same bulk run again joins it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoveryScheduleId } from '../../domain/workflow-ids';
import { freePort } from '../support/ports';
import { ADMIN_TOKEN } from '../support/api';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState } from '../durability/support';
import { startApiProcess, workerEnv, type WorkerProcess } from '../durability/worker-process';

interface Progress {
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
  total: number;
}
interface Followed {
  status: string;
  workflowId: string;
  runId: string;
  progress: Progress | null;
}

let stack: TestStack;
let api: WorkerProcess | undefined;
let port: number;
beforeAll(async () => {
  stack = await startTestStack({ plesk: { estate: { size: 80, seed: 777 } }, voipnow: { latencyMs: 100, jitterMs: 100 } });
  port = await freePort();
});
afterAll(async () => {
  await api?.stop();
  await stack?.temporal.schedule
    .getHandle(discoveryScheduleId(stack.pleskServer))
    .delete()
    .catch(() => undefined);
  await stack?.close();
});

const base = () => `http://127.0.0.1:${port}`;
const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function startApi(): Promise<void> {
  api = startApiProcess(
    workerEnv(stack, { ADMIN_TOKEN, API_PORT: String(port), API_HOST: '127.0.0.1', TEMPORAL_UI_URL: stack.config.TEMPORAL_UI_URL ?? '' }),
  );
  await waitFor(
    async () => {
      if (api!.exited()) throw new Error(`The API process ended:\n${api!.stderr()}`);
      return (await fetch(`${base()}/health`).catch(() => undefined))?.ok === true;
    },
    60_000,
    'the API process to answer',
  );
}

const settled = (p: Progress) => p.done + p.failed + p.skipped;

it('a client following a bulk run keeps following it across a restart of the API process', { timeout: 300_000 }, async () => {
  await startApi();
  const startRun = () =>
    fetch(`${base()}/api/v1/bulk-replications`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ pleskServer: stack.pleskServer, scope: 'all' }),
    });
  const started = await startRun();
  expect(started.status).toBe(202);
  const handle = (await started.json()) as { workflowId: string; runId: string; progressUrl: string; joined: boolean };
  expect(handle.joined).toBe(false);

  const seen: Followed[] = [];
  const follow = async (): Promise<Followed> => {
    const reply = await fetch(`${base()}${handle.progressUrl}`, { headers });
    expect(reply.status, await reply.clone().text()).toBe(200);
    const body = (await reply.json()) as Followed;
    seen.push(body);
    return body;
  };
  await waitFor(
    async () => {
      const { progress } = await follow();
      return progress !== null && settled(progress) > 0 && progress.remaining > 0;
    },
    90_000,
    'the run under way, some accounts settled',
  );

  // No worker while the API is away, so the run is certainly still going when it is asked for again.
  await stack.stopWorker();
  await api!.kill(); // SIGKILL: no goodbye from the API
  await startApi();

  const joined = await startRun();
  expect(joined.status).toBe(202);
  expect(await joined.json()).toMatchObject({ workflowId: handle.workflowId, runId: handle.runId, joined: true });
  await stack.startWorker();

  await waitFor(async () => (await follow()).status === 'completed', 240_000, 'the followed run to complete');
  const last = seen.at(-1)!;
  expect(last).toMatchObject({ workflowId: handle.workflowId, runId: handle.runId, status: 'completed' });
  expect(last.progress).toMatchObject({ remaining: 0 });
  expect(settled(last.progress!)).toBe(last.progress!.total);
  const counts = seen.flatMap((s) => (s.progress ? [settled(s.progress)] : []));
  expect(counts, 'settled accounts never go back while followed across the restart').toEqual([...counts].sort((a, b) => a - b));

  const run = await readRunState(stack);
  expectDurableState(stack, run);
  expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);
});
