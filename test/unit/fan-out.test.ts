/**
 * The bulk run's fan-out (activities/fan-out.ts). It keeps its window full (decision 104): at most
 * `window` of a slice's workflows run at once, and the next account starts as soon as one ends,
 * not when the slowest of a batch ends. And a try that stops following leaves nothing behind that
 * could end the worker process. The Temporal client is a stand-in that lets the test say when
 * each workflow starts and ends; the real client, server and worker run the same activity in the
 * durability and integration tests and in the benchmark.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { replicateAccounts, type FanOutInput } from '../../activities/fan-out';
import { waitFor } from '../support/wait';

/** A client whose workflows run until the test ends them, recording how many ran at once. */
function heldClient() {
  const started: string[] = [];
  const endings = new Map<string, () => void>();
  let running = 0;
  let mostAtOnce = 0;
  const client = {
    workflow: {
      start: async (_type: string, options: { workflowId: string }) => {
        started.push(options.workflowId);
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        return { firstExecutionRunId: `run-of-${options.workflowId}` };
      },
      getHandle: (workflowId: string) => ({
        result: () =>
          new Promise<void>((resolve) =>
            endings.set(workflowId, () => {
              running -= 1;
              resolve();
            }),
          ),
      }),
    },
  } as unknown as Client;
  const end = (workflowId: string) => {
    const ending = endings.get(workflowId);
    if (!ending) throw new Error(`${workflowId} is not running`);
    endings.delete(workflowId);
    ending();
  };
  return { client, started, end, running: () => [...endings.keys()], mostAtOnce: () => mostAtOnce };
}

const accounts = Array.from({ length: 12 }, (_, i) => ({ kind: 'client' as const, pleskId: String(i + 1) }));

describe('bulk fan-out', () => {
  it('keeps at most its window running and starts the next account as soon as one ends, while a slow one still runs', async () => {
    const temporal = heldClient();
    const input: FanOutInput = { pleskServer: 'plesk-1', mode: 'bulk', accounts, window: 3 };
    const env = new MockActivityEnvironment({ taskQueue: 'fan-out-test' });
    const run = env.run(replicateAccounts, { temporal: () => temporal.client }, input);

    await waitFor(() => temporal.started.length >= 3, 10_000, 'the first window to start');
    // Nothing ended yet, so nothing past the window may have started.
    expect(temporal.started).toHaveLength(3);
    const [slow, ...others] = temporal.running();
    for (const id of others) temporal.end(id);
    // The slow account still runs; its window neighbours ended, so two more accounts start now.
    await waitFor(() => temporal.started.length === 5, 10_000, 'two accounts to take the freed places');
    expect(temporal.running()).toContain(slow);

    // End everything as it starts; the slow one last.
    await waitFor(
      () => {
        for (const id of temporal.running()) if (id !== slow) temporal.end(id);
        return temporal.started.length === accounts.length && temporal.running().length === 1;
      },
      10_000,
      'every account to start',
    );
    temporal.end(slow!);
    await expect(run).resolves.toEqual({ done: accounts.length, failed: 0, skipped: 0 });
    expect(temporal.mostAtOnce()).toBe(3);
  });

  it('starts a whole slice at once when no window is given (activities scheduled by runs from before it)', async () => {
    const temporal = heldClient();
    const env = new MockActivityEnvironment({ taskQueue: 'fan-out-test' });
    const input: FanOutInput = { pleskServer: 'plesk-1', mode: 'bulk', accounts };
    const run = env.run(replicateAccounts, { temporal: () => temporal.client }, input);
    await waitFor(() => temporal.started.length === accounts.length, 10_000, 'the whole slice to start');
    for (const id of temporal.running()) temporal.end(id);
    await expect(run).resolves.toEqual({ done: accounts.length, failed: 0, skipped: 0 });
  });

  it("a try cancelled while a start is under way does not ask for that workflow's result, so a failed ask cannot end the worker", async () => {
    let releaseStart = () => {};
    const startHeld = new Promise<void>((resolve) => (releaseStart = resolve));
    let starts = 0;
    let asks = 0;
    const client = {
      workflow: {
        start: async (_type: string, options: { workflowId: string }) => {
          starts += 1;
          await startHeld;
          return { firstExecutionRunId: `run-of-${options.workflowId}` };
        },
        getHandle: () => ({
          result: () => {
            asks += 1;
            // What the Temporal core answers when it drops the call (seen when the worker's main thread stalled).
            return Promise.reject(new Error('Native Promise was dropped without being settled'));
          },
        }),
      },
    } as unknown as Client;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const env = new MockActivityEnvironment({ taskQueue: 'fan-out-test' });
      const input: FanOutInput = { pleskServer: 'plesk-1', mode: 'bulk', accounts: accounts.slice(0, 2), window: 2 };
      const run = env.run(replicateAccounts, { temporal: () => client }, input);
      run.catch(() => {});
      await waitFor(() => starts === 2, 10_000, 'both starts to be under way');
      env.cancel();
      releaseStart();
      await expect(run).rejects.toThrow('The worker stopped following the run');
      // Unhandled rejections are reported once the current task's promise jobs have run.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(asks).toBe(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
