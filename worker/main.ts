/**
 * The worker process for production (`npm run worker`, the docker-compose `worker` service):
 * connects to Temporal and PostgreSQL and runs workflows and activities until SIGINT/SIGTERM.
 * Run as many replicas as the load needs; they share the task queue.
 */
import { Runtime } from '@temporalio/worker';
import { buildConnectors } from '../activities/connectors';
import { ConfigError, loadConfig, temporalAddress } from '../config';
import { createDb } from '../db/client';
import { loadMasterKey, SecretBox } from '../crypto/secrets';
import { ensureSettings } from '../db/settings';
import { createLogger } from '../runtime/logger';
import { createSyncWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new ConfigError([{ field: 'DATABASE_URL', message: 'is required for a separate worker process' }]);
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  Runtime.install({ logger: logger.temporal });
  const { key: masterKey } = loadMasterKey(config.ENCRYPTION_KEY, config.dataDir);
  const box = new SecretBox(masterKey);
  const db = createDb(config.DATABASE_URL);
  if (!config.pleskSimulated && !config.voipnowSimulated) await ensureSettings(db, config, box);
  const { worker, connection } = await createSyncWorker({
    address: temporalAddress(config),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    masterKey,
    db,
    box,
    connectors: buildConnectors,
    maxConcurrentActivities: config.VOIPNOW_MAX_CONCURRENCY,
    logger: logger.activity,
  });
  logger.pino.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: temporalAddress(config) }, 'worker started');
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and finishes running tasks.
  await worker.run();
  await connection.close();
  await db.$disconnect();
  logger.pino.info('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Worker failed: ${(error as Error).message}`);
  process.exit(1);
});
