/**
 * Builds the worker: one task queue, the encryption codec, the activities with their
 * dependencies (connectors of its own, runtime/connectors.ts), and the limits that cap
 * concurrent VoipNow calls.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type CompiledWorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import pLimit from 'p-limit';
import { createActivities, type ActivityDeps } from '../activities';
import { temporalAddress } from '../config';
import type { Runtime } from '../runtime';
import { ConnectorCache, type ConnectorOpener } from '../runtime/connectors';
import { keepHeapsNearLive, withRoomToGrow } from '../runtime/memory';

const require = createRequire(import.meta.url);

/**
 * No time limit on each call into the workflow sandbox: Node starts and joins an OS thread for
 * every vm call given one (about 65 µs of CPU each, some ten calls per replicated account), a
 * fifth of the workflow thread's CPU in a bulk run. 0 means none only with patches/ applied
 * (decision 105). Worker.create reads the option, but WorkerOptions' type does not list it yet.
 */
const NO_SANDBOX_TIME_LIMIT: Pick<CompiledWorkerOptions, 'isolateExecutionTimeout'> = { isolateExecutionTimeout: 0 };

/**
 * How many tries, workflows and sandbox calls the worker runs at once, for `maxConcurrency`
 * VoipNow calls at once. Also used by the benchmark's floor (bench/floor.ts, decision 107), so
 * it measures workflows run the way the product runs them.
 */
export function throughputOptions(maxConcurrency: number) {
  return {
    // VoipNow calls are capped by the connectors' limiter (VOIPNOW_MAX_CONCURRENCY). Replication
    // runs as a local activity (workflows/options.ts); twice as many tries as calls run at once,
    // so one account's Plesk reads, database writes and waits for a shared template list overlap
    // another's VoipNow call instead of holding VoipNow's share idle (issue 16, decision 102: at
    // 200 ms per call, with one try per call, all 16 were busy only two thirds of the time).
    maxConcurrentActivityTaskExecutions: maxConcurrency,
    maxConcurrentLocalActivityExecutions: 2 * maxConcurrency,
    // Replication workflows live for a second or two; the cache needs room for the bulk runs and
    // what is in flight, not the SDK's default sized from total memory.
    maxCachedWorkflows: 500,
    ...NO_SANDBOX_TIME_LIMIT,
  };
}

export interface WorkerOptions {
  /** Default: the config's Temporal address. */
  address?: string;
  /** Default: the config's task queue. */
  taskQueue?: string;
  /** Default: the runtime's activity logger. */
  logger?: ActivityDeps['logger'];
  /** Opens the connectors of a Plesk server (tests may hand in others). */
  openConnectors?: ConnectorOpener;
  /** How old the settings a worker holds may get before it reads them again (default 5 s; tests: 0). */
  settingsTtlMs?: number;
  /** A pre-built bundle (tests build it once per file); default: bundle workflows/ now, in a child process. */
  workflowBundle?: WorkflowBundleOption;
}

export interface SyncWorker {
  worker: Worker;
  /** After the worker stopped running: its Temporal connection and its connectors. */
  close(): Promise<void>;
}

export async function createSyncWorker(runtime: Runtime, options: WorkerOptions = {}): Promise<SyncWorker> {
  const { config } = runtime;
  // Process-wide: this process runs a worker for hours, so its heaps stay near what is alive (decision 103).
  keepHeapsNearLive();
  const connection = await NativeConnection.connect({ address: options.address ?? temporalAddress(config) });
  const connectors = new ConnectorCache(runtime.db, runtime.box, {
    ...(options.openConnectors ? { open: options.openConnectors } : {}),
    // VOIPNOW_MAX_CONCURRENCY is the cap on this worker's VoipNow calls at once, over every server.
    limitVoipnowCalls: pLimit(config.VOIPNOW_MAX_CONCURRENCY),
    ...(options.settingsTtlMs !== undefined ? { ttlMs: options.settingsTtlMs } : {}),
  });
  const dataConverter = { payloadCodecs: [runtime.codec] };
  // On the worker's own connection, so the workflows it starts can be handed to it eagerly.
  let client: Client | undefined;
  const temporal = () => (client ??= new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }));
  const deps: ActivityDeps = {
    db: runtime.db,
    box: runtime.box,
    server: (pleskServer) => connectors.server(pleskServer),
    randomBytes: (size) => randomBytes(size),
    logger: options.logger ?? runtime.logger.activity,
    temporal,
    workerStopping: () => !['INITIALIZED', 'RUNNING'].includes(worker.getState()),
    withRoomToGrow,
  };
  // Read by the workflow threads Worker.create starts (patches/, decision 105): without it the
  // SDK captures and source-maps a stack for every promise a workflow makes.
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = String(config.WORKFLOW_STACK_TRACES);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: options.taskQueue ?? config.TEMPORAL_TASK_QUEUE,
    activities: createActivities(deps),
    workflowBundle: options.workflowBundle ?? (await bundleInChildProcess()),
    dataConverter,
    ...throughputOptions(config.VOIPNOW_MAX_CONCURRENCY),
    // SIGTERM (docker compose stop, a deployment): stop polling, let the tries under way finish
    // (a VoipNow call takes up to VOIPNOW_SOAP_TIMEOUT), then exit. Compose waits longer than this.
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE * 1000,
  }).catch((error: unknown) => {
    throw sandboxPatchMissing(error) ?? error;
  });
  return {
    worker,
    async close() {
      connectors.close();
      await connection.close();
    },
  };
}

/**
 * Node refuses a vm time limit of 0: the SDK was installed without patches/ (npm ci applies it;
 * `npm ci --ignore-scripts` does not). Said in the product's words instead of Node's.
 */
function sandboxPatchMissing(error: unknown): Error | undefined {
  if (!(error instanceof Error) || !/options\.timeout/.test(error.message)) return undefined;
  return new Error(
    'The worker cannot start: @temporalio/worker was installed without patches/ (decision 105). Run `npm ci` or `npx patch-package`, then start the worker again',
    { cause: error },
  );
}

/**
 * The workflow bundle, made by a short child process (worker/bundle-workflows.ts): bundling in
 * the worker itself would leave webpack's memory in it for good, about 110 MB of RSS.
 */
async function bundleInChildProcess(): Promise<{ code: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-workflows-'));
  const codePath = path.join(dir, 'workflows.js');
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', require.resolve('./bundle-workflows.ts'), codePath], {
      cwd: path.resolve(path.dirname(require.resolve('./bundle-workflows.ts')), '..'),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: fs.readFileSync(codePath, 'utf8') };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Bundling the workflows failed${stderr ? `: ${stderr.split('\n').slice(-5).join(' ')}` : ''}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
