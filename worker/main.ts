/**
 * The worker process for production (`npm run worker`, the docker-compose `worker` service):
 * connects to Temporal and PostgreSQL and runs workflows and activities until SIGINT/SIGTERM.
 * Run as many replicas as the load needs; they share the task queue.
 */
import { Runtime as TemporalRuntime } from '@temporalio/worker';
import { ConfigError, loadConfig, temporalAddress } from '../config';
import { ensureSettings } from '../db/settings';
import { openRuntime } from '../runtime';
import { createSyncWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new ConfigError([{ field: 'DATABASE_URL', message: 'is required for a separate worker process' }]);
  const runtime = openRuntime(config, { logger: 'worker' });
  TemporalRuntime.install({ logger: runtime.logger.temporal });
  if (!config.pleskSimulated && !config.voipnowSimulated) await ensureSettings(runtime.db, config, runtime.box);
  const { worker, close } = await createSyncWorker(runtime);
  runtime.logger.pino.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: temporalAddress(config) }, 'worker started');
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and finishes running tasks.
  await worker.run();
  await close();
  await runtime.close();
  runtime.logger.pino.info('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Worker failed: ${(error as Error).message}`);
  process.exit(1);
});
