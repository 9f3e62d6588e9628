/**
 * Brings up what the integration tests share, once per run: the Temporal dev server (the same
 * binary `npm start` uses) on free ports, and a fresh PostgreSQL database (or the embedded one
 * when no PostgreSQL server answers), migrated once. Test files isolate themselves by using their
 * own Plesk server name and task queue (test/support/stack.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDb } from '../scripts/embedded-db';
import { migrateDatabase } from '../scripts/migrate';
import { prepare } from '../scripts/prepare';
import { startTemporalDevServer } from '../scripts/temporal-dev';
import { freePort } from './support/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    temporalUiUrl: string;
    masterKey: string;
  }
}

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (message: string) => process.stderr.write(`[test setup] ${message}\n`);
  await prepare(log);
  const cleanups: (() => Promise<void>)[] = [];

  const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: await freePort() });
  cleanups.push(temporal.stop);

  let databaseUrl: string;
  // TEST_DATABASE=embedded runs the suite on the embedded database even where PostgreSQL answers (decision 044).
  if (process.env.TEST_DATABASE !== 'embedded' && (await postgresReachable())) {
    const name = `pvsync_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    await migrateDatabase(databaseUrl);
    cleanups.push(async () => {
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
  } else {
    log(
      process.env.TEST_DATABASE === 'embedded'
        ? 'Using the embedded database (TEST_DATABASE=embedded)'
        : 'No PostgreSQL server answers; using the embedded database',
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-test-db-'));
    const embedded = await startEmbeddedDb(dir, await freePort());
    await migrateDatabase(embedded.url);
    databaseUrl = embedded.url;
    cleanups.push(async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalUiUrl', temporal.uiUrl);
  project.provide('masterKey', randomBytes(32).toString('base64'));

  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}
