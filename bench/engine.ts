/**
 * The engine's run: a bulk replicateTree over the whole estate, executed by a real worker process
 * against the Temporal dev server and PostgreSQL, with the VoipNow simulator's latency and
 * concurrency cap. Measures wall time, SOAP calls, history events, memory, and the CPU time of the
 * worker, the Temporal server and PostgreSQL during the run.
 */
import { setMaxListeners } from 'node:events';
import type { Client } from '@temporalio/client';
import protos from '@temporalio/proto';
import type { Bar } from './progress';
import { cpuMsOf, postgresCpuMs, sampleMemory, slopeMbPerMinute, startWorkerProcess } from './procs';
import { replicateTree } from '../workflows';
import type { TreeProgress } from '../domain/workflow-types';

export interface EngineResult {
  seconds: number;
  progress: TreeProgress;
  soapCalls: number;
  historyEvents: number;
  executions: number;
  workerPeakRssMb: number;
  workerRssSlopeMbPerMin: number;
  workerRssStartMb: number;
  workerRssEndMb: number;
  /** CPU time (user + system) used during the run, in ms: the worker process, the Temporal server, PostgreSQL. */
  workerCpuMs: number;
  temporalCpuMs: number;
  postgresCpuMs: number;
}

/**
 * Waits until the worker process `pid` polls the task queue (Temporal names a worker
 * "<pid>@<host>"); pollers of an earlier worker stay listed for minutes, so any poller will not do.
 */
export async function waitForWorker(temporal: Client, taskQueue: string, pid: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const queue = await temporal.workflowService.describeTaskQueue({
      namespace: temporal.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: protos.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (queue.pollers?.some((poller) => poller.identity?.startsWith(`${pid}@`))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No worker polled task queue ${taskQueue} within ${timeoutMs / 1000} s`);
}

/** Sum of history events over every execution of the task queue (children, continued runs). */
export async function historyOf(temporal: Client, taskQueue: string): Promise<{ events: number; executions: number }> {
  let events = 0;
  let executions = 0;
  for await (const execution of temporal.workflow.list({ query: `TaskQueue = '${taskQueue}'`, pageSize: 1000 })) {
    events += execution.historyLength;
    executions += 1;
  }
  return { events, executions };
}

export async function runEngine(options: {
  temporal: Client;
  taskQueue: string;
  pleskServer: string;
  parallelism: number;
  workerEnv: Record<string, string>;
  soapCalls: () => Promise<number>;
  bar: Bar;
  /** The Temporal server's process, for its CPU time. */
  temporalPid?: number;
}): Promise<EngineResult> {
  const { temporal, taskQueue, bar } = options;
  const worker = startWorkerProcess(options.workerEnv);
  try {
    await waitForWorker(temporal, taskQueue, worker.child.pid!);
    const memory = sampleMemory(worker.child.pid!);
    const callsBefore = await options.soapCalls();
    const workerPid = worker.child.pid!;
    const cpu = () => ({
      worker: cpuMsOf(workerPid) ?? 0,
      temporal: options.temporalPid ? (cpuMsOf(options.temporalPid) ?? 0) : 0,
      postgres: postgresCpuMs(),
    });
    const cpuBefore = cpu();
    const started = Date.now();
    const handle = await temporal.workflow.start(replicateTree, {
      taskQueue,
      workflowId: `bench/${options.pleskServer}/bulk`,
      args: [{ pleskServer: options.pleskServer, scope: { kind: 'all' }, mode: 'bulk', parallelism: options.parallelism }],
    });
    // Progress every half second. A query in flight is cancelled and awaited at the end, so none
    // is still retrying when the connection closes (a dead worker leaves one retrying).
    const stopPolling = new AbortController();
    setMaxListeners(0, stopPolling.signal); // a listener per query made
    const inFlight = new Set<Promise<void>>();
    const poll = setInterval(() => {
      const query = temporal.connection
        .withAbortSignal(stopPolling.signal, () => handle.query<TreeProgress>('treeProgress'))
        .then((p) =>
          bar.update(p.done + p.failed + p.skipped, {
            total: p.total,
            detail: `${p.phase}: ${p.done} done, ${p.failed} failed, ${p.skipped} skipped`,
          }),
        )
        .catch(() => {})
        .finally(() => inFlight.delete(query));
      inFlight.add(query);
    }, 500);
    let progress: TreeProgress;
    try {
      progress = await worker.whileAlive(temporal.connection, () => handle.result());
    } finally {
      clearInterval(poll);
      stopPolling.abort();
      await Promise.all(inFlight);
    }
    const seconds = (Date.now() - started) / 1000;
    const cpuAfter = cpu();
    const { samples, peakMb } = memory.stop();
    bar.update(progress.total, {
      total: progress.total,
      detail: `done: ${progress.done} replicated, ${progress.failed} failed, ${progress.skipped} skipped`,
    });
    const history = await historyOf(temporal, taskQueue);
    const tail = samples.slice(-Math.max(3, Math.floor(samples.length / 5)));
    const head = samples.slice(0, Math.max(3, Math.floor(samples.length / 5)));
    const average = (list: { rssMb: number }[]) => list.reduce((s, p) => s + p.rssMb, 0) / Math.max(1, list.length);
    return {
      seconds,
      progress,
      soapCalls: (await options.soapCalls()) - callsBefore,
      historyEvents: history.events,
      executions: history.executions,
      workerPeakRssMb: peakMb,
      workerRssSlopeMbPerMin: slopeMbPerMinute(samples.slice(Math.floor(samples.length / 5))),
      workerRssStartMb: average(head),
      workerRssEndMb: average(tail),
      workerCpuMs: cpuAfter.worker - cpuBefore.worker,
      temporalCpuMs: cpuAfter.temporal - cpuBefore.temporal,
      postgresCpuMs: cpuAfter.postgres - cpuBefore.postgres,
    };
  } finally {
    await worker.stop();
  }
}
