/**
 * Everything a process of the product needs, built in one place from the configuration: the
 * master key and the secret box, the database, the Temporal client with the payload codec, the
 * logger, and the connectors of each Plesk server. The worker, the API, `npm start`, the tests
 * and the benchmark all start from here, so they cannot drift apart.
 */
import type { Client } from '@temporalio/client';
import { temporalAddress, type Config } from '../config';
import { loadMasterKey, SecretBox } from '../crypto/secrets';
import { createDb, type Db } from '../db/client';
import { connectTemporal } from '../temporal/client';
import { EncryptionCodec } from '../temporal/codec';
import { ConnectorCache } from './connectors';
import { createLogger, type Loggers } from './logger';

export interface Runtime {
  config: Config;
  masterKey: Buffer;
  /** Where the master key came from: ENCRYPTION_KEY, DATA_DIR/encryption.key, or made just now. */
  keySource: 'env' | 'file' | 'generated';
  box: SecretBox;
  db: Db;
  codec: EncryptionCodec;
  logger: Loggers;
  /** The connectors of each Plesk server, for this process's requests (a worker keeps its own). */
  connectors: ConnectorCache;
  /** The Temporal client, with the codec (connected on first use). */
  temporal(): Promise<Client>;
  /** Closes what it opened: the Temporal client, the connectors, the database. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** The process's logger, or its name for a new one at LOG_LEVEL. */
  logger: Loggers | string;
  /** Default: the config's DATABASE_URL. */
  databaseUrl?: string;
  /** Database connections (the embedded database takes one; default 10). */
  dbConnections?: number;
  /** Default: the config's Temporal address. */
  temporalAddress?: string;
}

export function openRuntime(config: Config, options: RuntimeOptions): Runtime {
  const databaseUrl = options.databaseUrl ?? config.DATABASE_URL;
  if (!databaseUrl) throw new Error('openRuntime needs a database: DATABASE_URL or an embedded one');
  const { key: masterKey, source: keySource } = loadMasterKey(config.ENCRYPTION_KEY, config.dataDir);
  const box = new SecretBox(masterKey);
  const db = createDb(databaseUrl, { max: options.dbConnections ?? 10 });
  const connectors = new ConnectorCache(db, box);
  let temporal: Promise<Client> | undefined;
  return {
    config,
    masterKey,
    keySource,
    box,
    db,
    codec: new EncryptionCodec(masterKey),
    logger: typeof options.logger === 'string' ? createLogger(config.LOG_LEVEL, options.logger) : options.logger,
    connectors,
    temporal() {
      temporal ??= connectTemporal(
        { address: options.temporalAddress ?? temporalAddress(config), namespace: config.TEMPORAL_NAMESPACE },
        masterKey,
      );
      return temporal;
    },
    async close() {
      connectors.close();
      if (temporal) await (await temporal.catch(() => undefined))?.connection.close();
      await db.$disconnect();
    },
  };
}

export type { Loggers } from './logger';
export { ConnectorCache } from './connectors';
