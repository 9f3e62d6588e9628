/**
 * The floor of one workflow per account (`npm run bench:floor`): the CPU that the worker process
 * and the Temporal dev server spend on a workflow that runs one local activity doing nothing,
 * started eagerly and followed to its end the way the bulk fan-out does it (decisions 099, 104),
 * with the product worker's options (cache, no sandbox time limit, no stack per promise).
 * No database, no connectors, no payload encryption: what remains is the cost of a workflow as
 * such, which our activities and connectors do not touch (decision 107). Compare it with
 * engine.workerCpuMsPerAccount and engine.temporalCpuMsPerAccount of `npm run bench`.
 *
 *   npm run bench:floor -- --workflows 2000 --window 50
 *
 * `npm run bench` runs it too, on the benchmark's dev server (`--address`), and reports the floor's rate
 * against the loop's: the most engine / loop can be at that latency on this machine. The last
 * line of stdout is the result as JSON.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pLimit from 'p-limit';
import { cpuMsOf, type FloorResult } from './procs';
import { historyOf } from './engine';
import { freePort } from '../scripts/ports';
import { startTemporalDevServer } from '../scripts/temporal-dev';
import { throughputOptions } from '../worker/worker';

const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: {
    workflows: { type: 'string', default: '2000' },
    window: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    address: { type: 'string' },
    'temporal-pid': { type: 'string' },
  },
});
const count = Number(values.workflows);
const window = Number(values.window);
const concurrency = Number(values.concurrency);

async function main(): Promise<void> {
  if (![count, window, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('--workflows, --window and --concurrency take whole numbers above 0');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-floor-'));
  const server = values.address
    ? { address: values.address, pid: Number(values['temporal-pid']), stop: async () => {} }
    : await startTemporalDevServer({ port: await freePort(), uiPort: await freePort(), dbFile: path.join(dataDir, 'temporal.db') });
  if (!Number.isInteger(server.pid)) throw new Error('--address needs --temporal-pid, the server whose CPU is read');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // One connection for the client and the worker: eager start needs it (as the product's worker).
  const connection = await NativeConnection.connect({ address: server.address });
  const taskQueue = `floor-${Date.now()}`;
  try {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./floor-workflows.ts'),
      logger: new DefaultLogger('WARN'),
    });
    process.env.TEMPORAL_WORKFLOW_STACK_TRACES = 'false';
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { code },
      activities: { nothing: async (n: number) => n },
      ...throughputOptions(concurrency),
    });
    const client = new Client({ connection });
    const run = async (from: number, n: number) => {
      const limit = pLimit(window);
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          limit(async () => {
            const handle = await client.workflow.start('floorAccount', {
              taskQueue,
              workflowId: `${taskQueue}-${from + i}`,
              args: [from + i],
              requestEagerStart: true,
            });
            await handle.result();
          }),
        ),
      );
    };
    await worker.runUntil(async () => {
      await run(0, Math.min(200, count)); // warm-up: the bundle's first contexts, the server's caches
      const workerBefore = process.cpuUsage();
      const serverBefore = cpuMsOf(server.pid!)!;
      const started = Date.now();
      await run(1_000_000, count);
      const seconds = (Date.now() - started) / 1000;
      const worker = process.cpuUsage(workerBefore);
      const serverMs = cpuMsOf(server.pid!)! - serverBefore;
      const { events, executions } = await historyOf(client, taskQueue);
      const result: FloorResult = {
        workflows: count,
        window,
        workflowsPerSecond: count / seconds,
        workerCpuMsPerWorkflow: (worker.user + worker.system) / 1000 / count,
        temporalCpuMsPerWorkflow: serverMs / count,
        historyEventsPerWorkflow: events / executions,
      };
      console.log(
        `${count} workflows, ${window} at once: ${result.workflowsPerSecond.toFixed(1)} workflows/s, ` +
          `worker ${result.workerCpuMsPerWorkflow.toFixed(2)} ms and Temporal server ${result.temporalCpuMsPerWorkflow.toFixed(2)} ms of CPU per workflow, ` +
          `${result.historyEventsPerWorkflow.toFixed(1)} history events each`,
      );
      console.log(JSON.stringify(result));
    });
  } finally {
    await connection.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
