/**
 * Builds the worker: one task queue, the encryption codec, the activities with their
 * dependencies, and the limits that cap concurrent VoipNow calls.
 */
import { randomBytes } from 'node:crypto';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createRequire } from 'node:module';
import { createActivities, type ActivityDeps } from '../activities';
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { EncryptionCodec } from '../temporal/codec';
import { createServerCache, type ConnectorFactory } from './server-cache';

const require = createRequire(import.meta.url);

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  masterKey: Buffer;
  db: Db;
  box: SecretBox;
  connectors: ConnectorFactory;
  /** Concurrent activity executions, which bounds concurrent VoipNow calls from this worker. */
  maxConcurrentActivities: number;
  logger: ActivityDeps['logger'];
  /** A pre-built bundle (tests build it once per file); default: bundle workflows/ now. */
  workflowBundle?: WorkflowBundleOption;
}

export async function createSyncWorker(options: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const deps: ActivityDeps = {
    db: options.db,
    box: options.box,
    server: createServerCache(options.db, options.box, options.connectors),
    randomBytes: (size) => randomBytes(size),
    logger: options.logger,
  };
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(deps),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: workflowsPath() }),
    dataConverter: { payloadCodecs: [new EncryptionCodec(options.masterKey)] },
    // Replication runs as a local activity (workflows/options.ts): both limits bound VoipNow calls.
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: options.maxConcurrentActivities,
    // Replication workflows live for a second or two; the cache needs room for the bulk runs and
    // what is in flight, not the SDK's default sized from total memory.
    maxCachedWorkflows: 500,
  });
  return { worker, connection };
}

export function workflowsPath(): string {
  return require.resolve('../workflows/index.ts');
}
