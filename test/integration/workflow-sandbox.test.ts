/**
 * What the worker spares the workflow sandbox (decision 105, patches/):
 * - no time limit on each call into it: Node starts an OS thread for every vm call that has one,
 *   some ten per replicated account. patches/ makes an isolateExecutionTimeout of 0 mean none,
 *   and worker.ts asks for that;
 * - no stack captured for every promise a workflow makes, unless WORKFLOW_STACK_TRACES is on.
 */
import path from 'node:path';
import {
  Worker,
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  type CompiledWorkerOptions,
  type WorkflowBundle,
} from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSyncWorker } from '../../worker/worker';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

// Some 200 ms to a few seconds of computing in one call, well past the 50 ms limit below.
const ITERATIONS = 300_000_000;
const quiet = { info() {}, warn() {}, error() {} };

let stack: TestStack;
let bundle: WorkflowBundle;

beforeAll(async () => {
  stack = await startTestStack({ worker: false, templates: false });
  bundle = await bundleWorkflowCode({
    workflowsPath: path.join(import.meta.dirname, 'fixture', 'sandbox-workflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

describe('calls into the workflow sandbox', () => {
  it('the product worker asks for no time limit, and a long call then completes', async () => {
    const create = vi.spyOn(Worker, 'create');
    const { worker, close } = await createSyncWorker(stack.runtime, { workflowBundle: bundle, logger: quiet });
    expect((create.mock.calls[0]?.[0] as Partial<CompiledWorkerOptions>).isolateExecutionTimeout).toBe(0);
    create.mockRestore();
    try {
      const result = await worker.runUntil(
        stack.temporal.workflow.execute('busyWorkflow', {
          taskQueue: stack.taskQueue,
          workflowId: `busy-unlimited-${stack.pleskServer}`,
          args: [ITERATIONS],
          workflowTaskTimeout: '60s',
        }),
      );
      expect(typeof result).toBe('number');
    } finally {
      await close();
    }
  });

  it('the same call fails its workflow task under a 50 ms limit, so the call above is long enough to tell', async () => {
    const connection = await NativeConnection.connect({ address: stack.config.TEMPORAL_ADDRESS });
    const taskQueue = `${stack.taskQueue}-limited`;
    const limit: Pick<CompiledWorkerOptions, 'isolateExecutionTimeout'> = { isolateExecutionTimeout: '50ms' };
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: bundle,
      dataConverter: { payloadCodecs: [stack.runtime.codec] },
      ...limit,
    });
    const handle = await stack.temporal.workflow.start('busyWorkflow', {
      taskQueue,
      workflowId: `busy-limited-${stack.pleskServer}`,
      args: [ITERATIONS],
    });
    try {
      let failure: string | undefined;
      await worker.runUntil(
        waitFor(
          async () => {
            const { events } = await handle.fetchHistory();
            failure =
              events?.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure?.message ?? undefined;
            return failure !== undefined;
          },
          30_000,
          'the workflow task to fail',
        ),
      );
      expect(failure).toMatch(/Script execution timed out after 50ms/);
    } finally {
      await handle.terminate('test done');
      await connection.close();
    }
  });
});

describe('workflow stack traces', () => {
  /** The answer of a waiting workflow's __stack_trace query on a product worker with the setting. */
  async function stackTraceAnswer(enabled: boolean, name: string): Promise<string> {
    const config = { ...stack.runtime.config, WORKFLOW_STACK_TRACES: enabled };
    const { worker, close } = await createSyncWorker({ ...stack.runtime, config }, { workflowBundle: bundle, logger: quiet });
    const handle = await stack.temporal.workflow.start('waitingWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `waiting-${name}-${stack.pleskServer}`,
    });
    try {
      return await worker.runUntil(async () => {
        // Asked once the workflow is waiting: its first workflow task completed.
        await waitFor(
          async () => (await handle.fetchHistory()).events?.some((e) => e.workflowTaskCompletedEventAttributes) ?? false,
          30_000,
          'the workflow to wait',
        );
        try {
          return await handle.query<string>('__stack_trace');
        } catch (error) {
          return (error as Error).message;
        }
      });
    } finally {
      await handle.terminate('test done');
      await close();
    }
  }

  it('are off by default: the query says so', async () => {
    expect(await stackTraceAnswer(false, 'off')).toMatch(/stack traces are not enabled/);
  });

  it('WORKFLOW_STACK_TRACES=true records where the workflow waits', async () => {
    expect(await stackTraceAnswer(true, 'on')).toMatch(/waitingWorkflow/);
  });
});
