/**
 * The API process for production (`npm run api`, the docker-compose `api` service). Only this
 * file and scripts/start.ts listen; api/app.ts builds the app.
 */
import { ConfigError, loadConfig } from '../config';
import { listPleskServers } from '../db/settings';
import { findSettingsRow } from '../db/settings-edit';
import { openRuntime } from '../runtime';
import { ensureDiscoverySchedule } from '../temporal/schedule';
import { buildApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new ConfigError([{ field: 'DATABASE_URL', message: 'is required for a separate API process' }]);
  if (!config.ADMIN_TOKEN) throw new ConfigError([{ field: 'ADMIN_TOKEN', message: 'is required for a separate API process' }]);
  const runtime = openRuntime(config, { logger: 'api' });
  const temporal = await runtime.temporal();
  // Every served server has its discovery schedule (servers are registered through the API), and
  // the environment's PLESK_SERVER too while the worker has not yet written its settings.
  const served = await listPleskServers(runtime.db);
  const envServerKnown = (await findSettingsRow(runtime.db, config.PLESK_SERVER)) !== null;
  for (const pleskServer of envServerKnown ? served : [config.PLESK_SERVER, ...served]) {
    await ensureDiscoverySchedule(temporal, { pleskServer, taskQueue: config.TEMPORAL_TASK_QUEUE });
  }
  const { db, box, codec, connectors } = runtime;
  const app = await buildApp(
    { config, db, box, temporal, connectors, adminToken: config.ADMIN_TOKEN, codec },
    { loggerInstance: runtime.logger.pino },
  );
  const close = async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close());
  process.on('SIGTERM', () => void close());
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `API failed: ${(error as Error).message}`);
  process.exit(1);
});
