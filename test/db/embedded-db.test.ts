/**
 * The embedded database `npm start` uses when DATABASE_URL is unset (PGlite served on a local
 * port, scripts/embedded-db.ts): the migrations apply to it, the engine replicates through it
 * with the real worker and Temporal, and what it wrote is still there after the database stops
 * and starts again from the same folder. The rest of the suite runs on PostgreSQL, so this is the
 * test that keeps the embedded path honest in CI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb, type EmbeddedDb } from '../../scripts/embedded-db';
import { migrateDatabase } from '../../scripts/migrate';
import { freePort } from '../support/ports';
import { replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';

describe('the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-embedded-'));
  let db: EmbeddedDb | undefined;
  let stack: TestStack | undefined;

  afterAll(async () => {
    await stack?.close();
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes the migrations, carries a replication end to end, and keeps it across a restart', async () => {
    db = await startEmbeddedDb(dir, await freePort());
    await migrateDatabase(db.url);
    stack = await startTestStack({ env: { DATABASE_URL: db.url } });
    const key = (kind: 'reseller' | 'client' | 'domain', pleskId: string) => ({ pleskServer: stack!.pleskServer, kind, pleskId });

    // Reseller 2, its client 6 and the client's domain 2 (the test estate), each through a workflow.
    for (const account of [key('reseller', '2'), key('client', '6'), key('domain', '2')]) {
      expect(await replicate(stack, account), `${account.kind} ${account.pleskId}`).toMatchObject({
        ok: true,
        result: { outcome: 'created' },
      });
    }
    const links = await stack.db.accountLink.findMany({ where: { pleskServer: stack.pleskServer }, orderBy: { kind: 'asc' } });
    expect(links.map((link) => `${link.kind} ${link.pleskId}`).sort()).toEqual(['client 6', 'domain 2', 'reseller 2']);
    for (const link of links) expect(stack.voipnow.state.account(link.voipnowId), `${link.kind} ${link.pleskId}`).toBeDefined();
    const server = stack.pleskServer;
    await stack.close();
    stack = undefined;

    // The data lives in the folder: a new database process on it sees the same links.
    await db.stop();
    db = await startEmbeddedDb(dir, await freePort());
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ kind: string; pleskId: string }>(
        'SELECT kind::text AS kind, "pleskId" FROM account_links WHERE "pleskServer" = $1',
        [server],
      );
      expect(rows.map((row) => `${row.kind} ${row.pleskId}`).sort()).toEqual(['client 6', 'domain 2', 'reseller 2']);
    } finally {
      await client.end();
    }
  }, 180_000);
});
