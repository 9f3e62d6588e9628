/**
 * The API process for production (`npm run api`, the docker-compose `api` service). Only this
 * file and scripts/start.ts listen; api/app.ts builds the app.
 */
import { ConfigError, loadConfig, temporalAddress } from '../config';
import { createDb } from '../db/client';
import { loadMasterKey, SecretBox } from '../crypto/secrets';
import { connectTemporal } from '../temporal/client';
import { EncryptionCodec } from '../temporal/codec';
import { ensureDiscoverySchedule } from '../temporal/schedule';
import { createLogger } from '../runtime/logger';
import { buildApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new ConfigError([{ field: 'DATABASE_URL', message: 'is required for a separate API process' }]);
  if (!config.ADMIN_TOKEN) throw new ConfigError([{ field: 'ADMIN_TOKEN', message: 'is required for a separate API process' }]);
  const logger = createLogger(config.LOG_LEVEL, 'api');
  const { key: masterKey } = loadMasterKey(config.ENCRYPTION_KEY, config.dataDir);
  const db = createDb(config.DATABASE_URL);
  const temporal = await connectTemporal({ address: temporalAddress(config), namespace: config.TEMPORAL_NAMESPACE }, masterKey);
  await ensureDiscoverySchedule(temporal, { pleskServer: config.PLESK_SERVER, taskQueue: config.TEMPORAL_TASK_QUEUE });
  const codec = new EncryptionCodec(masterKey);
  const app = await buildApp({ config, db, box: new SecretBox(masterKey), temporal, adminToken: config.ADMIN_TOKEN, codec }, { loggerInstance: logger.pino });
  const close = async () => {
    await app.close();
    await temporal.connection.close();
    await db.$disconnect();
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
